package app.lightweight.wallets;

import app.lightweight.shared.Money;
import app.lightweight.shared.events.DomainEvent;
import app.lightweight.wallets.ledger.Account;
import app.lightweight.wallets.ledger.Leg;
import app.lightweight.wallets.ledger.Posting;
import app.lightweight.wallets.ledger.Transfer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A payer pays a payee from their wallet: the payee's wallet is credited with the amount and the
 * platform's service charge moves from it to the revenue account, in one posting.
 *
 * @param id the caller's transfer id ({@code pay:<invoice id>}), safe to send again
 */
public record Payment(
    String id,
    String kind,
    String payer,
    String payee,
    long amount,
    String currency,
    String reference,
    JsonObject metadata,
    String payerName,
    String payeeName) {

  public static final String CHARGE_NAME = "Lightweight service charge";
  static final int MAX_ID_LENGTH = 200;
  private static final String FUNDING_PREFIX = FundingCredit.transferId("");

  public Payment {
    metadata = metadata == null ? new JsonObject() : metadata;
    kind = kind == null ? "payment" : kind;
  }

  /** From a {@code wallets.transfer} message or a REST body (snake_case fields). */
  public static Payment fromJson(JsonObject json) {
    Object amount = json.getValue("amount");
    Object metadata = json.getValue("metadata");
    return new Payment(
        json.getValue("transfer_id") instanceof String id ? id : null,
        json.getValue("kind") instanceof String kind ? kind : null,
        json.getValue("payer") instanceof String payer ? payer : null,
        json.getValue("payee") instanceof String payee ? payee : null,
        amount instanceof Number n && n.longValue() == n.doubleValue() ? n.longValue() : 0,
        json.getValue("currency") instanceof String currency ? currency : null,
        json.getValue("reference") instanceof String reference ? reference : null,
        metadata instanceof JsonObject object ? object : null,
        json.getValue("payer_name") instanceof String name ? name : null,
        json.getValue("payee_name") instanceof String name ? name : null);
  }

  /** The first rule it breaks, or null: nothing is posted for a refused payment. */
  public Refusal check(long maximum) {
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
      return Refusal.invalid("transfer_id is required (at most " + MAX_ID_LENGTH + " characters)");
    }
    if (id.startsWith(FUNDING_PREFIX)) {
      // the ledger's own ids for card credits: taken by a payment, a funding could never be
      // credited
      return Refusal.invalid("transfer_id may not start with " + FUNDING_PREFIX);
    }
    if (id.endsWith(Leg.DEPENDENT_SUFFIX)) {
      // the ledger's ids for charges: taken by a payment, it would be read as the charge of the
      // payment before the suffix (or make that payment's charge a reused id)
      return Refusal.invalid("transfer_id may not end with " + Leg.DEPENDENT_SUFFIX);
    }
    if (payer == null || payer.isBlank() || payee == null || payee.isBlank()) {
      return Refusal.invalid("payer and payee are required");
    }
    if (!Money.Currencies.isKnown(currency)) {
      return Refusal.invalid("currency must be an ISO 4217 code");
    }
    if (amount <= 0) {
      return Refusal.invalid("amount must be a positive number of minor units");
    }
    if (amount > maximum) {
      return Refusal.tooLarge(maximum);
    }
    if (payer.equals(payee)) {
      return Refusal.selfPayment();
    }
    if (!kind.matches("[a-z][a-z0-9-]{0,30}") || kind.equals("funding") || kind.equals("charge")) {
      return Refusal.invalid("kind must be a word such as payment (not funding or charge)");
    }
    return null;
  }

  /** What identifies the request: its replay must carry the same. Names may change. */
  String fingerprint() {
    return Fingerprint.of(
        new JsonObject()
            .put("kind", kind)
            .put("payer", payer)
            .put("payee", payee)
            .put("amount", amount)
            .put("currency", currency)
            .put("reference", reference)
            .put("metadata", metadata));
  }

  public Posting posting(ServiceCharge rule) {
    Account from = Account.wallet(payer, currency);
    Account to = Account.wallet(payee, currency);
    List<Leg> legs = new ArrayList<>();
    legs.add(new Leg(id, null, kind, from, to, amount, reference, metadata, payerName, payeeName));
    long charge = rule.on(amount);
    if (charge > 0) {
      legs.add(
          new Leg(
              Leg.dependentId(id),
              id,
              "charge",
              to,
              Account.revenue(currency),
              charge,
              reference,
              new JsonObject(),
              payeeName,
              CHARGE_NAME));
    }
    return new Posting(id, fingerprint(), legs, transfers -> List.of(completed(transfers)));
  }

  private static DomainEvent completed(List<Transfer> transfers) {
    JsonObject data = json(transfers);
    return DomainEvent.of(
        "wallets", "transfer.completed", transfers.get(0).id(), transfers.get(0).id(), data);
  }

  /** A payment as the API, the bus and the events show it. */
  public static JsonObject json(List<Transfer> transfers) {
    Transfer main = transfers.get(0);
    long charge = transfers.stream().skip(1).mapToLong(Transfer::amount).sum();
    return new JsonObject()
        .put("transfer_id", main.id())
        .put("kind", main.kind())
        .put("payer", Account.ownerOf(main.debitAccount()))
        .put("payee", Account.ownerOf(main.creditAccount()))
        .put("amount", main.amount())
        .put("currency", main.currency())
        .put("charge", charge)
        .put("net", main.amount() - charge)
        .put("reference", main.reference())
        .put("metadata", main.metadata())
        .put("created_at", main.createdAt().toString());
  }
}
