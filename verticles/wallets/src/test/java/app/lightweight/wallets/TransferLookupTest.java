package app.lightweight.wallets;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.testing.ServiceFixture;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code wallets.transfers.get}: what a caller that lost a transfer's answer asks. */
class TransferLookupTest {
  @RegisterExtension static final ServiceFixture wallets = Wallets.fixture();

  private JsonObject ask(String address, Object body) {
    return await(wallets.vertx().eventBus().<JsonObject>request(address, body)).body();
  }

  private static int failureCode(Runnable asking) {
    try {
      asking.run();
    } catch (AssertionError failed) {
      Throwable cause = failed.getCause();
      while (cause != null && !(cause instanceof ReplyException)) {
        cause = cause.getCause();
      }
      if (cause instanceof ReplyException reply) {
        return reply.failureCode();
      }
      throw failed;
    }
    throw new AssertionError("it answered");
  }

  @Test
  void aPostedPaymentIsAnsweredAsItsReplayWithoutMovingMoney() throws Exception {
    Wallets.fund(wallets, Wallets.provider(wallets), "ada", 50_000);
    JsonObject paid =
        ask(
            TransferBus.TRANSFER,
            new JsonObject()
                .put("transfer_id", "pay:inv_lookup")
                .put("payer", "ada")
                .put("payee", "bob")
                .put("amount", 40_000)
                .put("currency", "NGN")
                .put("reference", "INV-2026-000001")
                .put("metadata", new JsonObject().put("invoice_id", "inv_lookup")));
    long transfers = wallets.count("transfers");

    JsonObject found = ask(TransferBus.GET, new JsonObject().put("id", "pay:inv_lookup"));

    assertThat(found.getString("status")).isEqualTo("completed");
    assertThat(found.getBoolean("replayed")).isTrue();
    assertThat(found.getJsonObject("transfer")).isEqualTo(paid.getJsonObject("transfer"));
    assertThat(found.getJsonObject("transfer").getLong("charge")).isEqualTo(10_600);
    assertThat(found.getJsonObject("transfer").getString("payer")).isEqualTo("ada");
    assertThat(wallets.count("transfers")).isEqualTo(transfers);
    assertThat(Wallets.balance(wallets, "ada", "NGN")).isEqualTo(10_000);
  }

  @Test
  void anUnknownIdFails404AndAMalformedRequest400() {
    assertThat(failureCode(() -> ask(TransferBus.GET, new JsonObject().put("id", "pay:none"))))
        .isEqualTo(404);
    assertThat(failureCode(() -> ask(TransferBus.GET, new JsonObject().put("id", "pay:x/charge"))))
        .isEqualTo(404);
    assertThat(failureCode(() -> ask(TransferBus.GET, new JsonObject()))).isEqualTo(400);
    assertThat(failureCode(() -> ask(TransferBus.GET, "pay:none"))).isEqualTo(400);
    assertThatThrownBy(() -> ask(TransferBus.GET, new JsonObject().put("id", 7)))
        .hasRootCauseInstanceOf(ReplyException.class);
  }
}
