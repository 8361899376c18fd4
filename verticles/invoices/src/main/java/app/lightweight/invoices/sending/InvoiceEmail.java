package app.lightweight.invoices.sending;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.InvoiceJson;
import app.lightweight.invoices.LineItem;
import app.lightweight.invoices.LineTotal;
import app.lightweight.invoices.PartyDetails;
import app.lightweight.invoices.Totals;
import app.lightweight.invoices.pdf.MoneyFormat;
import app.lightweight.invoices.pdf.StoredPdfs;
import app.lightweight.invoices.seller.BusinessBlock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The email of a send, as {@code email.send} takes it: from the platform's sender in the business's
 * name, replies to the business, an HTML body and its plain-text twin from the templates in {@code
 * invoices/email/} (every user-written value escaped), the PDF attached, and metadata that names
 * the invoice and the send so the email service's events find their way back.
 */
final class InvoiceEmail {
  /** What the email service takes as an address; a reply-to it would refuse is left out. */
  private static final Pattern ADDRESS =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");

  private static final Pattern DELIMITERS = Pattern.compile("[<>()\\[\\]\",;:\\\\@]");

  private static final EmailTemplate HTML = EmailTemplate.load("invoices/email/message.html");
  private static final EmailTemplate HTML_LINE = EmailTemplate.load("invoices/email/line.html");
  private static final EmailTemplate TEXT = EmailTemplate.load("invoices/email/message.txt");
  private static final EmailTemplate TEXT_LINE = EmailTemplate.load("invoices/email/line.txt");

  private final String from;
  private final InvoiceJson json;

  /**
   * @param from the platform's sender address (a domain the email service may send from)
   */
  InvoiceEmail(String from, InvoiceJson json) {
    this.from = from;
    this.json = json;
  }

  /**
   * @param to the recipient's address
   * @param business the seller as the invoice's PDF prints it
   * @param businessEmail where replies go (and where a paid notice is sent); null if unknown
   * @param pdf the invoice's PDF, or null for none
   */
  JsonObject message(
      Send send,
      Invoice invoice,
      BusinessBlock business,
      String to,
      String businessEmail,
      Buffer pdf) {
    Map<String, String> values = values(send, invoice, business, businessEmail);
    values.put("lines", lines(invoice, HTML_LINE));
    String html = HTML.render(values);
    values.put("lines", lines(invoice, TEXT_LINE));
    String text = TEXT.render(values);
    JsonObject message =
        new JsonObject()
            .put("tenant", send.tenant())
            .put("from", mailbox(from, values.get("business")))
            .put("to", new JsonArray().add(mailbox(to, recipientName(send, invoice, business))))
            .put("subject", values.get("subject"))
            .put("text", text)
            .put("html", html)
            .put("tags", new JsonArray().add("invoice").add(send.kind().json()))
            .put(
                "metadata",
                new JsonObject()
                    .put("invoice_id", invoice.id())
                    .put("send_id", send.id())
                    .put("tenant", send.tenant())
                    .put("kind", send.kind().json()));
    if (send.kind() != SendKind.PAID_NOTICE && isAddress(businessEmail)) {
      message.put("reply_to", mailbox(businessEmail, values.get("business")));
    }
    if (pdf != null) {
      message.put(
          "attachments",
          new JsonArray()
              .add(
                  new JsonObject()
                      .put("file_name", StoredPdfs.filename(invoice))
                      .put("content_type", "application/pdf")
                      .put("content", Base64.getEncoder().encodeToString(pdf.getBytes()))));
    }
    return message;
  }

  static boolean isAddress(String address) {
    return address != null && ADDRESS.matcher(address).matches();
  }

  private Map<String, String> values(
      Send send, Invoice invoice, BusinessBlock business, String businessEmail) {
    PartyDetails seller = business.details();
    String name = oneLine(seller.name());
    String customer = oneLine(invoice.customer().name());
    String number = invoice.number() == null ? invoice.id() : invoice.number();
    Totals totals = invoice.totals();
    boolean asking = send.kind() == SendKind.INVOICE || send.kind() == SendKind.REMINDER;
    Map<String, String> values = new HashMap<>();
    values.put("kind_" + send.kind().json(), "yes");
    values.put("business", name);
    values.put("customer", customer);
    values.put("number", number);
    values.put(
        "greeted", send.kind() == SendKind.PAID_NOTICE ? name : recipientName(send, invoice, null));
    values.put("subject", subject(send.kind(), number, name, customer));
    values.put("amount_label", asking ? "Amount due" : "Amount paid");
    values.put("amount", MoneyFormat.format(asking ? totals.due() : totals.paid()));
    if (asking) {
      values.put("due_date", invoice.dueDate().toString());
      values.put("pay_url", json.payUrl(invoice));
    } else {
      values.put("reference", invoice.paymentReference());
    }
    values.put("business_email", isAddress(businessEmail) ? businessEmail : null);
    values.put(
        "business_address",
        seller.address() == null ? null : String.join(", ", seller.address().lines()));
    if (business.logo() != null) {
      byte[] logo = business.logo().raw();
      values.put(
          "logo",
          "data:"
              + business.logoContentType()
              + ";base64,"
              + Base64.getEncoder().encodeToString(logo));
    }
    return values;
  }

  private static String subject(SendKind kind, String number, String business, String customer) {
    return switch (kind) {
      case INVOICE -> "Invoice " + number + " from " + business;
      case REMINDER -> "Reminder: invoice " + number + " from " + business;
      case RECEIPT -> "Receipt for invoice " + number + " from " + business;
      case PAID_NOTICE -> "Invoice " + number + " to " + customer + " was paid";
    };
  }

  /** Who the message is addressed to, by name. */
  private static String recipientName(Send send, Invoice invoice, BusinessBlock business) {
    if (send.kind() == SendKind.PAID_NOTICE && business != null) {
      return oneLine(business.details().name());
    }
    if (send.kind() == SendKind.RECEIPT
        && invoice.paidBy() != null
        && invoice.paidBy().name() != null
        && !invoice.paidBy().name().isBlank()) {
      return oneLine(invoice.paidBy().name());
    }
    return oneLine(invoice.customer().name());
  }

  private static String lines(Invoice invoice, EmailTemplate line) {
    List<LineTotal> totals = invoice.totals().lines();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < invoice.lines().size(); i++) {
      LineItem item = invoice.lines().get(i);
      String quantity = MoneyFormat.quantity(item.quantity());
      out.append(
          line.render(
              Map.of(
                  "description", oneLine(item.description()),
                  "quantity", quantity.equals("1") ? "" : quantity,
                  "total", MoneyFormat.format(totals.get(i).total()))));
    }
    return out.toString();
  }

  /**
   * An address with a display name. The name loses the characters that delimit addresses and
   * comments in a header ({@code <>()[]",;:\@}): the email service writes {@code address (name)}
   * and would misread them; what is left still says who it is.
   */
  private static JsonObject mailbox(String address, String name) {
    JsonObject mailbox = new JsonObject().put("address", address);
    String shown = name == null ? "" : DELIMITERS.matcher(name).replaceAll(" ").trim();
    shown = shown.replaceAll(" {2,}", " ");
    if (!shown.isEmpty()) {
      mailbox.put("name", shown);
    }
    return mailbox;
  }

  /** Text for a header or one line: control characters (CR, LF, tabs) become spaces. */
  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    return text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ").strip();
  }
}
