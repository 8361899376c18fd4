package app.lightweight.invoices.pdf;

import com.lowagie.text.Chunk;
import com.lowagie.text.Font;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfStream;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The typefaces of the invoice, embedded as subsets: DejaVu Sans and DejaVu Sans Bold, cut down to
 * the scripts an invoice uses (src/main/fonts/subset-dejavu.sh says which and why), with Noto Sans
 * for characters they lack (₼ ₾ ₿ and rarer Latin and Cyrillic letters). Together they cover Latin
 * with accents, Greek, Cyrillic, Armenian, Georgian and ₦ € £ ¥ ₹ $. Each TTF is read from the
 * module's resources once; parsing it again per document would cost ~45 ms.
 *
 * <p>One instance serves every document on every thread: a {@link BaseFont} created from bytes with
 * Identity-H is only read while a document is written (each document subsets from its own view of
 * the bytes), which the concurrent-render test checks.
 */
final class InvoiceFonts {

  private final BaseFont regular;
  private final BaseFont bold;
  private final BaseFont fallback;

  private InvoiceFonts(BaseFont regular, BaseFont bold, BaseFont fallback) {
    this.regular = regular;
    this.bold = bold;
    this.fallback = fallback;
  }

  /** The fonts shipped with the module, loaded on first use. */
  public static InvoiceFonts bundled() {
    return Bundled.FONTS;
  }

  BaseFont regular() {
    return regular;
  }

  BaseFont bold() {
    return bold;
  }

  /**
   * Text in the given style, split into chunks so that each character is drawn by the first font
   * that has it: the DejaVu face, then Noto Sans. A character neither has stays in DejaVu, which
   * draws its "missing" box: better seen than silently dropped.
   */
  Phrase phrase(String text, float size, boolean isBold, Color color) {
    BaseFont main = isBold ? bold : regular;
    Font mainFont = new Font(main, size, Font.NORMAL, color);
    Phrase phrase = new Phrase(size * 1.25f, "", mainFont);
    Font fallbackFont = null;
    int runStart = 0;
    boolean runInFallback = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      boolean inFallback = !has(main, c) && fallback.charExists(c);
      if (inFallback != runInFallback) {
        if (i > runStart) {
          phrase.add(
              new Chunk(text.substring(runStart, i), runInFallback ? fallbackFont : mainFont));
        }
        runStart = i;
        runInFallback = inFallback;
        if (inFallback && fallbackFont == null) {
          fallbackFont = new Font(fallback, size, Font.NORMAL, color);
        }
      }
      i += Character.charCount(c);
    }
    phrase.add(new Chunk(text.substring(runStart), runInFallback ? fallbackFont : mainFont));
    return phrase;
  }

  private static boolean has(BaseFont font, int c) {
    return c == '\n' || c == '\r' || font.charExists(c);
  }

  private static BaseFont load(String file) {
    try (InputStream in = InvoiceFonts.class.getResourceAsStream("/fonts/" + file)) {
      if (in == null) {
        throw new IllegalStateException("font missing from resources: " + file);
      }
      BaseFont font =
          BaseFont.createFont(
              file, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, in.readAllBytes(), null);
      font.setSecureRandom(new SubsetTag(file));
      // each PDF deflates its subsets, which keep the font's full-length loca and hmtx tables:
      // the fastest level saves a third of a ten-line invoice's time for 5 % more bytes
      font.setCompressionLevel(PdfStream.BEST_SPEED);
      return font;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (com.lowagie.text.DocumentException e) {
      throw new IllegalStateException("cannot read font " + file, e);
    }
  }

  private static final class Bundled {
    static final InvoiceFonts FONTS =
        new InvoiceFonts(
            load("DejaVuSans.ttf"), load("DejaVuSans-Bold.ttf"), load("NotoSans-Regular.ttf"));
  }

  /**
   * Makes the six-letter tag of an embedded subset ("ABCDEF+DejaVuSans") a function of the font
   * instead of chance, so that the same invoice gives the same bytes. OpenPDF draws the six letters
   * one by one from {@link #nextDouble()}; each thread keeps its own position in the tag.
   */
  private static final class SubsetTag extends SecureRandom {
    private final String letters;
    private final transient ThreadLocal<int[]> position = ThreadLocal.withInitial(() -> new int[1]);

    SubsetTag(String fontFile) {
      this.letters = lettersOf(fontFile);
    }

    @Override
    public double nextDouble() {
      int[] at = position.get();
      char letter = letters.charAt(at[0]);
      at[0] = (at[0] + 1) % letters.length();
      return (letter - 'A' + 0.5) / 26;
    }

    private static String lettersOf(String name) {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        StringBuilder tag = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
          tag.append((char) ('A' + (hash[i] & 0xff) % 26));
        }
        return tag.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
