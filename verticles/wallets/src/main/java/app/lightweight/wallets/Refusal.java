package app.lightweight.wallets;

import app.lightweight.shared.http.Problem;
import io.vertx.core.json.JsonObject;

/**
 * Why the wallets service moved nothing, the same over HTTP (a problem+json) and on the event bus
 * ({@code {"status": "refused", "reason", "detail", …}}).
 *
 * @param reason the problem type's last segment: {@code insufficient-funds}, {@code self-payment},
 *     {@code amount-too-large}, {@code transfer-id-reused}, {@code validation}
 * @param extra members beyond the problem's own (the {@code shortfall})
 */
public record Refusal(int status, String reason, String title, String detail, JsonObject extra) {

  public static Refusal invalid(String detail) {
    return new Refusal(400, "validation", "Invalid request", detail, new JsonObject());
  }

  public static Refusal insufficientFunds(long shortfall, String currency) {
    return new Refusal(
        409,
        "insufficient-funds",
        "Insufficient funds",
        "the wallet lacks " + shortfall + " minor units of " + currency,
        new JsonObject()
            .put("shortfall", new JsonObject().put("amount", shortfall).put("currency", currency)));
  }

  public static Refusal reused(String id) {
    return new Refusal(
        409,
        "transfer-id-reused",
        "Transfer id already used",
        "transfer " + id + " exists with other content",
        new JsonObject());
  }

  public static Refusal selfPayment() {
    return new Refusal(
        422, "self-payment", "Paying oneself", "payer and payee are the same", new JsonObject());
  }

  public static Refusal tooLarge(long maximum) {
    return new Refusal(
        422,
        "amount-too-large",
        "Amount too large",
        "a transfer moves at most " + maximum + " minor units",
        new JsonObject());
  }

  public static Refusal currencyMismatch(String detail) {
    return new Refusal(422, "currency-mismatch", "Currency mismatch", detail, new JsonObject());
  }

  public Problem problem() {
    return Problem.of(status, reason, title, detail);
  }

  public JsonObject problemJson() {
    return problem().toJson().mergeIn(extra);
  }

  public JsonObject busReply() {
    return new JsonObject()
        .put("status", "refused")
        .put("reason", reason)
        .put("detail", detail)
        .mergeIn(extra);
  }

  /** Thrown through a future chain; routes and the bus turn it into their answer. */
  public static final class Refused extends RuntimeException {
    private final Refusal refusal;

    public Refused(Refusal refusal) {
      super(refusal.detail(), null, false, false);
      this.refusal = refusal;
    }

    public Refusal refusal() {
      return refusal;
    }
  }

  public Refused exception() {
    return new Refused(this);
  }
}
