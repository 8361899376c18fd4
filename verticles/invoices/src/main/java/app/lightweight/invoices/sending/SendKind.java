package app.lightweight.invoices.sending;

import java.util.Locale;

/** What an email about an invoice is. The JSON form is the lower-case name: {@code "reminder"}. */
public enum SendKind {
  /** The invoice to its customer, the first time. */
  INVOICE,
  /** The invoice to its customer again. */
  REMINDER,
  /**
   * To the payer, once the invoice is paid from a wallet: to the token's email, else the payer's
   * users profile's.
   */
  RECEIPT,
  /** To the business, once its invoice is paid. */
  PAID_NOTICE;

  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SendKind fromJson(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether the invoice's PDF goes with it. */
  boolean attachesPdf() {
    return this != PAID_NOTICE;
  }
}
