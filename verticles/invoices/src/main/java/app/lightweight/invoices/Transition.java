package app.lightweight.invoices;

import java.util.EnumSet;
import java.util.Set;

/**
 * The moves of an issued invoice. Issuing (draft → issued) is not here: it also assigns the number
 * and the pay token. {@code overdue} is never a move: it is derived from the due date.
 */
public enum Transition {
  SEND("send", "invoice.sent", EnumSet.of(InvoiceStatus.ISSUED)),
  VOID("void", "invoice.voided", EnumSet.of(InvoiceStatus.ISSUED, InvoiceStatus.SENT)),
  PAY("mark paid", "invoice.paid", EnumSet.of(InvoiceStatus.ISSUED, InvoiceStatus.SENT));

  private final String verb;
  private final String event;
  private final Set<InvoiceStatus> from;

  Transition(String verb, String event, Set<InvoiceStatus> from) {
    this.verb = verb;
    this.event = event;
    this.from = from;
  }

  public String verb() {
    return verb;
  }

  /** The domain event it records, e.g. {@code invoice.sent}. */
  public String event() {
    return event;
  }

  public boolean allowedFrom(InvoiceStatus status) {
    return from.contains(status);
  }
}
