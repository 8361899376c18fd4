package app.lightweight.invoices.pdf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;

/** What a reader of a PDF sees as text, page by page, as PDFBox extracts it. */
public record PdfText(List<String> pages) {

  public static PdfText of(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      PDFTextStripper stripper = new PDFTextStripper();
      List<String> pages = new ArrayList<>();
      for (int page = 1; page <= document.getNumberOfPages(); page++) {
        stripper.setStartPage(page);
        stripper.setEndPage(page);
        pages.add(nfc(stripper.getText(document)));
      }
      return new PdfText(pages);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String all() {
    return String.join("\n", pages);
  }

  /** All pages with line breaks as spaces, as a reader would quote wrapped text. */
  public String flat() {
    return all().replaceAll("\\s+", " ");
  }

  /** The text drawn at an angle (the status stamp), in drawing order. */
  static String turned(byte[] pdf) {
    try (PDDocument document = Loader.loadPDF(pdf)) {
      StringBuilder turned = new StringBuilder();
      PDFTextStripper stripper =
          new PDFTextStripper() {
            @Override
            protected void processTextPosition(TextPosition text) {
              Matrix matrix = text.getTextMatrix();
              if (Math.abs(matrix.getShearY()) > 0.01f && turned.length() < 40) {
                turned.append(text.getUnicode());
              }
              super.processTextPosition(text);
            }
          };
      stripper.setStartPage(1);
      stripper.setEndPage(1);
      stripper.getText(document);
      return turned.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String nfc(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFC);
  }
}
