package app.lightweight.invoices;

import java.time.LocalDate;

/**
 * The filters of {@code GET /api/invoices}; null means "any".
 *
 * @param after the id the page starts after (decoded cursor), or null for the first page
 * @param overdue true: only overdue invoices; false: only those that are not
 * @param issuedFrom issue date on or after, issuedTo on or before
 * @param search words to find in the number or the customer's name or email
 */
public record InvoiceQuery(
    InvoiceStatus status,
    String customerId,
    Boolean overdue,
    LocalDate issuedFrom,
    LocalDate issuedTo,
    String search,
    String after,
    int limit) {}
