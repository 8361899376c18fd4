package app.lightweight.invoices.pdf;

import app.lightweight.invoices.InvoiceStatus;
import app.lightweight.invoices.LineItem;
import app.lightweight.invoices.seller.Logo;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Everything the PDF of one invoice version shows, and nothing else: the renderer reads no clock,
 * no store and no configuration, so the same document always gives the same bytes.
 *
 * @param logo the business's logo, or null
 * @param number the invoice number, or null for a draft that has none yet
 * @param currency ISO 4217 code; every amount of the invoice is in it
 * @param notes free text shown under the totals, or null
 * @param terms payment terms, or null
 * @param payLink the URL where the customer pays, shown with a QR code, or null
 * @param amountPaid what the customer has paid so far, in minor units
 * @param version the invoice's version; a new version is a new PDF
 * @param taxLabel how tax is called on this invoice, e.g. "VAT" or "GST"; null gives "Tax"
 */
public record InvoiceDocument(
    Party business,
    Logo logo,
    Party customer,
    String number,
    String currency,
    LocalDate issueDate,
    LocalDate dueDate,
    InvoiceStatus status,
    List<LineItem> lines,
    String notes,
    String terms,
    String payLink,
    long amountPaid,
    long version,
    String taxLabel) {

  public InvoiceDocument {
    Objects.requireNonNull(business, "business");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(issueDate, "issueDate");
    Objects.requireNonNull(dueDate, "dueDate");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
    taxLabel = taxLabel == null || taxLabel.isBlank() ? "Tax" : taxLabel;
  }

  public InvoiceDocument withStatus(InvoiceStatus newStatus) {
    return new InvoiceDocument(
        business,
        logo,
        customer,
        number,
        currency,
        issueDate,
        dueDate,
        newStatus,
        lines,
        notes,
        terms,
        payLink,
        amountPaid,
        version,
        taxLabel);
  }

  public InvoiceDocument withLines(List<LineItem> newLines) {
    return new InvoiceDocument(
        business,
        logo,
        customer,
        number,
        currency,
        issueDate,
        dueDate,
        status,
        newLines,
        notes,
        terms,
        payLink,
        amountPaid,
        version,
        taxLabel);
  }

  public InvoiceDocument withPayment(long newAmountPaid, InvoiceStatus newStatus, long newVersion) {
    return new InvoiceDocument(
        business,
        logo,
        customer,
        number,
        currency,
        issueDate,
        dueDate,
        newStatus,
        lines,
        notes,
        terms,
        payLink,
        newAmountPaid,
        newVersion,
        taxLabel);
  }
}
