package app.lightweight.invoices;

import app.lightweight.invoices.settings.BusinessSettings;
import app.lightweight.shared.Text;
import app.lightweight.shared.http.Problem;
import app.lightweight.shared.http.Problem.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a business writes on an invoice, checked: the body of {@code POST /api/invoices}, a draft
 * after a {@code PATCH}, or the body of {@code POST /api/invoices/render}. The contract checks the
 * shape first; this checks what a schema cannot (a known currency, quantities above zero, dates in
 * order, a total that fits) and names every wrong field by its JSON pointer.
 *
 * @param customerId the customer this invoice refers to, or null for an inline customer
 * @param customer the customer's details as printed; null until a {@code customerId} is resolved
 * @param business seller details kept with the invoice (used when the users service is absent)
 */
public record InvoiceDraft(
    String customerId,
    PartyDetails customer,
    PartyDetails business,
    String currency,
    LocalDate issueDate,
    LocalDate dueDate,
    List<LineItem> lines,
    String notes,
    String terms,
    String taxLabel) {

  /** Issue dates outside these years are a typing mistake, not an invoice. */
  static final int FIRST_YEAR = 2000;

  static final int LAST_YEAR = 2099;

  /** A due date at most this far after the issue date. */
  static final int MAX_PAYMENT_YEARS = 5;

  public InvoiceDraft {
    lines = List.copyOf(lines);
  }

  /** A new invoice from a request body. */
  public static InvoiceDraft fromJson(JsonObject body) {
    List<FieldError> errors = new ArrayList<>();
    boolean byReference = body.getValue("customer_id") != null;
    boolean inline = body.getValue("customer") != null;
    if (byReference == inline) {
      errors.add(new FieldError("/customer", "give either customer_id or customer, not both"));
    }
    InvoiceDraft draft =
        new InvoiceDraft(
            body.getString("customer_id"),
            PartyDetails.fromJson(body.getJsonObject("customer")),
            PartyDetails.fromJson(body.getJsonObject("business")),
            body.getString("currency"),
            date(body, "issue_date", errors),
            date(body, "due_date", errors),
            lines(body.getJsonArray("lines"), errors),
            body.getString("notes"),
            body.getString("terms"),
            body.getString("tax_label"));
    return draft.checked(errors);
  }

  /** This draft with the members of a {@code PATCH} body replacing its own. */
  public InvoiceDraft patchedWith(JsonObject patch) {
    List<FieldError> errors = new ArrayList<>();
    if (patch.getValue("customer_id") != null && patch.getValue("customer") != null) {
      errors.add(new FieldError("/customer", "give either customer_id or customer, not both"));
    }
    String newCustomerId = customerId;
    PartyDetails newCustomer = customer;
    if (patch.getValue("customer_id") != null) {
      newCustomerId = patch.getString("customer_id");
      newCustomer = null;
    } else if (patch.getValue("customer") != null) {
      newCustomerId = null;
      newCustomer = PartyDetails.fromJson(patch.getJsonObject("customer"));
    }
    InvoiceDraft patched =
        new InvoiceDraft(
            newCustomerId,
            newCustomer,
            patch.containsKey("business")
                ? PartyDetails.fromJson(patch.getJsonObject("business"))
                : business,
            patch.getString("currency", currency),
            patch.containsKey("issue_date") ? date(patch, "issue_date", errors) : issueDate,
            patch.containsKey("due_date") ? date(patch, "due_date", errors) : dueDate,
            patch.containsKey("lines") ? lines(patch.getJsonArray("lines"), errors) : lines,
            patch.containsKey("notes") ? patch.getString("notes") : notes,
            patch.containsKey("terms") ? patch.getString("terms") : terms,
            patch.containsKey("tax_label") ? patch.getString("tax_label") : taxLabel);
    return patched.checked(errors);
  }

  /** The editable part of a stored invoice. */
  public static InvoiceDraft of(Invoice invoice) {
    return new InvoiceDraft(
        invoice.customerId(),
        invoice.customer(),
        invoice.business(),
        invoice.currency(),
        invoice.issueDate(),
        invoice.dueDate(),
        invoice.lines(),
        invoice.notes(),
        invoice.terms(),
        invoice.taxLabel());
  }

  public InvoiceDraft withCustomer(PartyDetails details) {
    return new InvoiceDraft(
        customerId, details, business, currency, issueDate, dueDate, lines, notes, terms, taxLabel);
  }

  /** Seller details and tax label from the business's settings where the invoice has none. */
  public InvoiceDraft withDefaults(BusinessSettings settings) {
    return new InvoiceDraft(
        customerId,
        customer,
        business != null ? business : settings.business(),
        currency,
        issueDate,
        dueDate,
        lines,
        notes,
        terms,
        taxLabel != null ? taxLabel : settings.taxLabel());
  }

  public boolean needsCustomerLookup() {
    return customerId != null && customer == null;
  }

  private InvoiceDraft checked(List<FieldError> errors) {
    boolean linesRead = errors.stream().noneMatch(e -> e.pointer().startsWith("/lines"));
    if (linesRead && !lines.isEmpty()) {
      errors.addAll(InvoiceLimits.validate(currency, lines));
    }
    visibleName("/customer/name", customer, errors);
    visibleName("/business/name", business, errors);
    errors.addAll(InvoiceLimits.validateNotes("/notes", notes));
    errors.addAll(InvoiceLimits.validateNotes("/terms", terms));
    if (issueDate != null
        && (issueDate.getYear() < FIRST_YEAR || issueDate.getYear() > LAST_YEAR)) {
      errors.add(
          new FieldError("/issue_date", "must be in the years " + FIRST_YEAR + " to " + LAST_YEAR));
    }
    if (issueDate != null && dueDate != null) {
      if (dueDate.isBefore(issueDate)) {
        errors.add(new FieldError("/due_date", "must not be before the issue date"));
      } else if (dueDate.isAfter(issueDate.plusYears(MAX_PAYMENT_YEARS))) {
        errors.add(
            new FieldError(
                "/due_date",
                "must be at most " + MAX_PAYMENT_YEARS + " years after the issue date"));
      }
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    return this;
  }

  private static void visibleName(String pointer, PartyDetails party, List<FieldError> errors) {
    if (party != null && !Text.isVisible(party.name())) {
      errors.add(new FieldError(pointer, "must contain a visible character"));
    }
  }

  /** The 400 problem+json that lists every wrong field. */
  public static RuntimeException invalid(List<FieldError> fields) {
    String detail =
        fields.size() == 1
            ? fields.get(0).pointer() + ": " + fields.get(0).message()
            : fields.size() + " fields are invalid";
    return Problem.validation(detail, fields).exception();
  }

  private static LocalDate date(JsonObject body, String field, List<FieldError> errors) {
    String text = body.getString(field);
    if (text == null) {
      errors.add(new FieldError("/" + field, "is required, as YYYY-MM-DD"));
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException notADate) {
      errors.add(new FieldError("/" + field, "is not a calendar date (YYYY-MM-DD)"));
      return null;
    }
  }

  private static List<LineItem> lines(JsonArray json, List<FieldError> errors) {
    if (json == null) {
      errors.add(new FieldError("/lines", "is required"));
      return List.of();
    }
    List<LineItem> lines = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      LineItem line = LineItem.fromJson(json.getJsonObject(i), "/lines/" + i, errors);
      if (line != null) {
        lines.add(line);
      }
    }
    if (lines.isEmpty() && json.isEmpty()) {
      errors.add(
          new FieldError(
              "/lines",
              "must have between "
                  + InvoiceLimits.MIN_LINES
                  + " and "
                  + InvoiceLimits.MAX_LINES
                  + " lines"));
    }
    return lines;
  }
}
