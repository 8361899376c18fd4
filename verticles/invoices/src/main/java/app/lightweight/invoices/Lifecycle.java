package app.lightweight.invoices;

import static app.lightweight.invoices.InvoiceStatus.DRAFT;
import static app.lightweight.invoices.InvoiceStatus.ISSUED;
import static app.lightweight.invoices.InvoiceStatus.OVERDUE;
import static app.lightweight.invoices.InvoiceStatus.PAID;
import static app.lightweight.invoices.InvoiceStatus.SENT;

import app.lightweight.shared.http.IfMatch;
import app.lightweight.shared.http.Problem;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine of an invoice, in one place: which moves are legal from which status, what each
 * one sets, which invoices may still be edited, when one is overdue and which statuses offer a pay
 * link. {@link InvoiceStore} runs the SQL of a move once this allows it; routes translate HTTP.
 *
 * <pre>
 *   created → draft (edit, delete) ──issue──→ issued ──send──→ sent ──send (a reminder)──→ sent
 *                                               │               │
 *                                               └──void, pay────┴──→ void, paid
 * </pre>
 *
 * {@code overdue} is never stored and never a move: an open invoice past its due date reads so.
 */
public final class Lifecycle {

  /** A move from one status to another, with what it records. */
  public enum Move {
    /** Also sets the number, a new pay token, and freezes the seller block into the invoice. */
    ISSUE("issue", "invoice.issued", ISSUED, EnumSet.of(DRAFT)),
    /**
     * Emails the invoice to its customer; from {@code sent} it is a reminder and the invoice stays
     * as it is ({@link #isReminder}).
     */
    SEND("send", "invoice.sent", SENT, EnumSet.of(ISSUED, SENT)),
    VOID("void", "invoice.voided", InvoiceStatus.VOID, EnumSet.of(ISSUED, SENT)),
    /** Also sets the amount paid to the total ({@link #fullPayment}) and the payment reference. */
    PAY("mark paid", "invoice.paid", PAID, EnumSet.of(ISSUED, SENT));

    private final String verb;
    private final String event;
    private final InvoiceStatus to;
    private final Set<InvoiceStatus> from;

    Move(String verb, String event, InvoiceStatus to, Set<InvoiceStatus> from) {
      this.verb = verb;
      this.event = event;
      this.to = to;
      this.from = from;
    }

    public String verb() {
      return verb;
    }

    /** The domain event it records, e.g. {@code invoice.sent}. */
    public String event() {
      return event;
    }

    /** The status the invoice has after the move. */
    public InvoiceStatus to() {
      return to;
    }
  }

  /** Events of changes that are not moves. */
  public static final String CREATED = "invoice.created";

  public static final String UPDATED = "invoice.updated";
  public static final String DELETED = "invoice.deleted";

  /**
   * Issued or sent: still to be paid, overdue past the due date. The list query's {@code overdue}
   * filter and the {@code invoices_open_by_due_date} index name the same two statuses.
   */
  public static final Set<InvoiceStatus> OPEN = EnumSet.of(ISSUED, SENT);

  /** The statuses whose PDF offers the pay link (when something is due). */
  private static final Set<InvoiceStatus> OFFERS_PAYMENT = EnumSet.of(ISSUED, SENT, OVERDUE);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Lifecycle() {}

  /**
   * A new draft as it is stored, but for the seller details and tax label the settings may fill in:
   * status draft, version 1, no number and no pay token yet.
   */
  public static Invoice created(String id, String tenant, InvoiceDraft draft, OffsetDateTime now) {
    return new Invoice(
        id,
        tenant,
        DRAFT,
        null,
        draft.customerId(),
        draft.customer(),
        draft.business(),
        null,
        draft.currency(),
        draft.issueDate(),
        draft.dueDate(),
        draft.lines(),
        draft.notes(),
        draft.terms(),
        draft.taxLabel(),
        0,
        null,
        null,
        1,
        now,
        now,
        null,
        null,
        null,
        null,
        null);
  }

  /** The invoice if it is a draft, else a 409: issued invoices are never edited. */
  public static Invoice editable(Invoice invoice, String verb) {
    if (invoice.status() != DRAFT) {
      throw conflict(
          "cannot "
              + verb
              + " invoice "
              + invoice.number()
              + ": it is "
              + invoice.status().json()
              + ", and only drafts can be changed");
    }
    return invoice;
  }

  /** The invoice if the move is legal from its status, else a 409. */
  public static Invoice allow(Invoice invoice, Move move) {
    if (move == Move.ISSUE) {
      return editable(invoice, move.verb());
    }
    if (!move.from.contains(invoice.status())) {
      throw conflict(
          "cannot "
              + move.verb()
              + " invoice "
              + invoice.id()
              + ": it is "
              + invoice.status().json());
    }
    return invoice;
  }

  /** Sending an invoice that was sent already is a reminder: recorded, but no change of status. */
  public static boolean isReminder(Invoice invoice) {
    return invoice.status() == SENT;
  }

  /**
   * Where the invoice is emailed: its customer's address, else a 422 (nothing is recorded; an
   * issued invoice cannot be edited, so the business sends the PDF or pay link itself).
   */
  public static String recipient(Invoice invoice) {
    String email = invoice.customer() == null ? null : invoice.customer().email();
    if (email == null || email.isBlank()) {
      throw Problem.of(
              422,
              "no-recipient",
              "The customer has no email address",
              "invoice "
                  + (invoice.number() == null ? invoice.id() : invoice.number())
                  + " has no customer email address to send it to")
          .exception();
    }
    return email.strip();
  }

  /**
   * The invoice if the change was made against its current version (If-Match), else a 412; no
   * expected version (no If-Match where it is optional) always matches.
   */
  public static Invoice atVersion(Invoice invoice, IfMatch expectedVersion) {
    if (expectedVersion != null && !expectedVersion.matches(invoice.version())) {
      throw Problem.of(
              412,
              "precondition-failed",
              "Precondition failed",
              "the invoice is at version "
                  + invoice.version()
                  + ", not "
                  + expectedVersion
                  + " (If-Match compares strongly: a weak W/ tag never matches); get it again"
                  + " and reapply the change")
          .exception();
    }
    return invoice;
  }

  /**
   * True when the invoice is already paid by this payment: marking it paid again answers it
   * unchanged (the wallets service may retry). Another reference is a move from paid, a conflict.
   */
  public static boolean alreadyPaidBy(Invoice invoice, String paymentReference) {
    return invoice.status() == PAID
        && invoice.paymentReference() != null
        && invoice.paymentReference().equals(paymentReference);
  }

  /**
   * The invoice if {@code payer} (a token's subject) may pay it from a wallet now: an open invoice
   * ({@link Move#PAY}'s from) of another business, else a 409 (paid, void) or a 422 (the business
   * paying its own invoice). Drafts have no pay link, so a payer never finds one.
   */
  public static Invoice payableBy(Invoice invoice, String payer) {
    if (!Move.PAY.from.contains(invoice.status())) {
      boolean paid = invoice.status() == PAID;
      throw Problem.of(
              409,
              paid ? "invoice-paid" : "invalid-transition",
              paid ? "Already paid" : "Not payable",
              "invoice "
                  + invoice.number()
                  + " is "
                  + invoice.status().json()
                  + (paid ? " already" : "")
                  + " and cannot be paid")
          .exception();
    }
    if (invoice.tenant().equals(payer)) {
      throw Problem.of(
              422,
              "self-payment",
              "Paying oneself",
              "invoice " + invoice.number() + " is your own business's; a customer pays it")
          .exception();
    }
    return invoice;
  }

  /** What {@link Move#PAY} records as paid: the invoice in full. */
  public static long fullPayment(Invoice invoice) {
    return invoice.totals().total().amount();
  }

  /** The token of a new pay link, set by {@link Move#ISSUE}: 24 random bytes, URL-safe. */
  public static String newPayToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Open and past its due date (dates are UTC). */
  public static boolean overdue(InvoiceStatus status, LocalDate dueDate, LocalDate today) {
    return OPEN.contains(status) && dueDate.isBefore(today);
  }

  /** Whether a PDF in this status shows the pay link: not for drafts, paid or void invoices. */
  public static boolean offersPayment(InvoiceStatus shownStatus) {
    return OFFERS_PAYMENT.contains(shownStatus);
  }

  private static RuntimeException conflict(String detail) {
    return Problem.of(409, "invalid-transition", "Not allowed in this state", detail).exception();
  }
}
