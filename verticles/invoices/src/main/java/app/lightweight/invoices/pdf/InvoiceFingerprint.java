package app.lightweight.invoices.pdf;

import app.lightweight.invoices.LineItem;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of everything an invoice's PDF shows, and of the template version: equal fingerprints
 * mean equal PDF bytes. Each field is written with its length (or a null marker) so that no two
 * different documents serialise alike.
 */
final class InvoiceFingerprint {

  private InvoiceFingerprint() {}

  static byte[] of(InvoiceDocument invoice) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (DataOutputStream out =
        new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha256))) {
      text(out, InvoicePdf.TEMPLATE_VERSION);
      party(out, invoice.business());
      byte[] logo = invoice.logo() == null ? new byte[0] : invoice.logo().raw();
      out.writeInt(logo.length);
      out.write(logo);
      party(out, invoice.customer());
      text(out, invoice.number());
      text(out, invoice.currency());
      text(out, invoice.issueDate().toString());
      text(out, invoice.dueDate().toString());
      text(out, invoice.status().name());
      out.writeInt(invoice.lines().size());
      for (LineItem line : invoice.lines()) {
        text(out, line.description());
        text(out, line.quantity().toPlainString());
        out.writeLong(line.unitPrice());
        text(out, line.taxRate().toPlainString());
        text(out, line.discount().toPlainString());
      }
      text(out, invoice.notes());
      text(out, invoice.terms());
      text(out, invoice.payLink());
      out.writeLong(invoice.amountPaid());
      out.writeLong(invoice.version());
      text(out, invoice.taxLabel());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sha256.digest();
  }

  private static void party(DataOutputStream out, Party party) throws IOException {
    text(out, party.name());
    text(out, party.email());
    out.writeInt(party.addressLines().size());
    for (String line : party.addressLines()) {
      text(out, line);
    }
    text(out, party.taxId());
  }

  private static void text(DataOutputStream out, String text) throws IOException {
    if (text == null) {
      out.writeInt(-1);
      return;
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
