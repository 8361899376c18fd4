package app.lightweight.wallets;

import app.lightweight.shared.events.DomainEvent;
import app.lightweight.wallets.ledger.Account;
import app.lightweight.wallets.ledger.Leg;
import app.lightweight.wallets.ledger.Posting;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Money paid in at the provider reaches the wallet: clearing → wallet, id {@code funding:<id>}. */
public final class FundingCredit {
  public static final String PROVIDER_NAME = "Card payment";

  private FundingCredit() {}

  public static String transferId(String fundingId) {
    return "funding:" + fundingId;
  }

  public static Posting posting(String fundingId, String owner, long amount, String currency) {
    String id = transferId(fundingId);
    JsonObject content =
        new JsonObject()
            .put("kind", "funding")
            .put("owner", owner)
            .put("amount", amount)
            .put("currency", currency);
    Leg leg =
        new Leg(
            id,
            null,
            "funding",
            Account.clearing(currency),
            Account.wallet(owner, currency),
            amount,
            fundingId,
            new JsonObject().put("funding_id", fundingId),
            PROVIDER_NAME,
            null);
    return new Posting(
        id,
        Fingerprint.of(content),
        List.of(leg),
        transfers ->
            List.of(
                DomainEvent.of(
                    "wallets",
                    "wallet.funded",
                    fundingId,
                    owner,
                    new JsonObject()
                        .put("funding_id", fundingId)
                        .put("transfer_id", id)
                        .put("payer", (String) null)
                        .put("payee", owner)
                        .put("owner", owner)
                        .put("amount", amount)
                        .put("currency", currency))));
  }
}
