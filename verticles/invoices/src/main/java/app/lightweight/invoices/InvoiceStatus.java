package app.lightweight.invoices;

import java.util.Locale;

/** Where an invoice is in its life. The JSON form is the lower-case name: {@code "paid"}. */
public enum InvoiceStatus {
  DRAFT,
  ISSUED,
  SENT,
  PAID,
  VOID,
  OVERDUE;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InvoiceStatus fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
