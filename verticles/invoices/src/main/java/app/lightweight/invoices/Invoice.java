package app.lightweight.invoices;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A stored invoice ({@code inv_…}) of one business (the tenant).
 *
 * @param status its stored place in the lifecycle; {@code overdue} is derived, never stored
 * @param number {@code INV-2026-000001} once issued, else null
 * @param customerId the customer it refers to, or null when the customer was given inline
 * @param customer the customer as printed: copied from the customer when the draft is written
 * @param business seller details kept with the invoice: given, from the settings, or frozen at
 *     issue from the users service; null when none are known
 * @param businessLogo the SHA-256 of the logo frozen at issue, or null
 * @param payToken the unguessable token of its public pay link, once issued
 * @param paidBy who paid it from their wallet, or null (unpaid, or paid outside Lightweight)
 */
public record Invoice(
    String id,
    String tenant,
    InvoiceStatus status,
    String number,
    String customerId,
    PartyDetails customer,
    PartyDetails business,
    String businessLogo,
    String currency,
    LocalDate issueDate,
    LocalDate dueDate,
    List<LineItem> lines,
    String notes,
    String terms,
    String taxLabel,
    long amountPaid,
    String paymentReference,
    String payToken,
    int version,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    OffsetDateTime issuedAt,
    OffsetDateTime sentAt,
    OffsetDateTime paidAt,
    OffsetDateTime voidedAt,
    PaidBy paidBy) {

  public Invoice {
    lines = List.copyOf(lines);
  }

  /** Issued or sent, not paid, and past its due date (see {@link Lifecycle#overdue}). */
  public boolean overdue(LocalDate today) {
    return Lifecycle.overdue(status, dueDate, today);
  }

  /** The status a reader sees: {@code overdue} in place of issued or sent past the due date. */
  public InvoiceStatus shownStatus(LocalDate today) {
    return overdue(today) ? InvoiceStatus.OVERDUE : status;
  }

  public Totals totals() {
    return Totals.of(lines, currency, amountPaid);
  }

  /** A draft is editable and has no number; its business block still follows the profile. */
  public boolean isDraft() {
    return status == InvoiceStatus.DRAFT;
  }
}
