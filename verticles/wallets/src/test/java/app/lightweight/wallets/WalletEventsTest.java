package app.lightweight.wallets;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static app.lightweight.wallets.Wallets.DECLINED_CARD;
import static app.lightweight.wallets.Wallets.intentOf;
import static app.lightweight.wallets.Wallets.startFunding;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.shared.testing.TopicEvents;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wallets' events leave through the outbox, on the event bus and on Kafka topic {@code
 * lightweight.wallets.v1} (read back here with the CloudEvents SDK, as an outside consumer would),
 * once each, each naming both parties so that live updates reach them.
 */
class WalletEventsTest {
  private static final String TOPIC = "lightweight.wallets.v1";

  @RegisterExtension static final ServiceFixture wallets = Wallets.fixture();

  private PaymentProvider payments;

  @BeforeEach
  void provider() {
    payments = Wallets.provider(wallets);
  }

  /** The records of the topic keyed by one of {@code keys}, read through the SDK. */
  private static List<JsonObject> onTopic(Set<String> keys, int count) {
    List<ConsumerRecord<String, String>> records =
        TopicEvents.read(TOPIC, r -> keys.contains(r.key()), count, Duration.ofSeconds(60));
    return records.stream().map(TopicEvents::event).toList();
  }

  @Test
  void fundingPayingAndADeclinedCardReachKafkaOnceEachNamingBothParties() throws Exception {
    String payer = "events-" + UUID.randomUUID();
    String payee = "shop-" + UUID.randomUUID();
    Wallets.fund(wallets, payments, payer, 500_000);
    String funded =
        wallets
            .rows("select id from fundings where owner = '" + payer + "' and status = 'succeeded'")
            .get(0)
            .getString(0);
    JsonObject declined = startFunding(wallets, wallets.token(payer), 7_000, "NGN");
    payments.pay(intentOf(wallets, declined.getString("id")), DECLINED_CARD);
    String transferId = "pay:inv_" + UUID.randomUUID();
    expect(
        wallets.post(
            "/api/wallets/payments",
            wallets.token(payer),
            new JsonObject()
                .put("transfer_id", transferId)
                .put("payee", payee)
                .put("amount", 200_000)
                .put("currency", "NGN")
                .put("reference", "inv_7")),
        201);

    List<JsonObject> events = onTopic(Set.of(funded, declined.getString("id"), transferId), 3);

    assertThat(events)
        .extracting(event -> event.getString("type"))
        .containsExactlyInAnyOrder("wallet.funded", "funding.failed", "transfer.completed");
    assertThat(events)
        .allSatisfy(
            event -> assertThat(event.getString("source")).isEqualTo("/lightweight/wallets"));
    JsonObject walletFunded = ofType(events, "wallet.funded");
    assertThat(walletFunded.getString("subject")).isEqualTo(payer);
    assertThat(walletFunded.getJsonObject("data").getString("funding_id")).isEqualTo(funded);
    assertThat(walletFunded.getJsonObject("data").getString("payee")).isEqualTo(payer);
    // money from outside: the provider, not a user, is the other party
    assertThat(walletFunded.getJsonObject("data").containsKey("payer")).isTrue();
    assertThat(walletFunded.getJsonObject("data").getString("payer")).isNull();
    assertThat(walletFunded.getJsonObject("data").getLong("amount")).isEqualTo(500_000);

    JsonObject failed = ofType(events, "funding.failed");
    assertThat(failed.getString("subject")).isEqualTo(payer);
    assertThat(failed.getJsonObject("data").getString("payee")).isEqualTo(payer);
    assertThat(failed.getJsonObject("data").containsKey("payer")).isTrue();
    assertThat(failed.getJsonObject("data").getString("reason")).isEqualTo("generic_decline");
    assertThat(failed.getJsonObject("data").getLong("amount")).isEqualTo(7_000);

    JsonObject completed = ofType(events, "transfer.completed");
    JsonObject paid = completed.getJsonObject("data");
    assertThat(paid.getString("payer")).isEqualTo(payer);
    assertThat(paid.getString("payee")).isEqualTo(payee);
    assertThat(paid.getString("transfer_id")).isEqualTo(transferId);
    assertThat(paid.getLong("amount")).isEqualTo(200_000);
    // NGN in the fixture: 1.5 % + 10000 kobo
    assertThat(paid.getLong("charge")).isEqualTo(13_000);
    assertThat(paid.getLong("net")).isEqualTo(187_000);
  }

  @Test
  void theSameEventsArePublishedOnTheEventBus() throws Exception {
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    var consumer =
        wallets.vertx().eventBus().<JsonObject>consumer("wallets.events", m -> heard.add(m.body()));
    TestEnv.await(consumer.completion());
    try {
      String payer = "bus-" + UUID.randomUUID();
      Wallets.fund(wallets, payments, payer, 50_000);
      String transferId = "pay:inv_" + UUID.randomUUID();
      expect(
          wallets.post(
              "/api/wallets/payments",
              wallets.token(payer),
              new JsonObject()
                  .put("transfer_id", transferId)
                  .put("payee", "bus-shop")
                  .put("amount", 20_000)
                  .put("currency", "NGN")),
          201);

      eventually(
          Duration.ofSeconds(20),
          () ->
              assertThat(heard)
                  .filteredOn(e -> e.getString("type").equals("transfer.completed"))
                  .extracting(e -> e.getJsonObject("data").getString("payee"))
                  .contains("bus-shop"));
      assertThat(heard)
          .filteredOn(e -> e.getString("type").equals("wallet.funded"))
          .extracting(e -> e.getJsonObject("data").getString("payee"))
          .containsExactly(payer);
    } finally {
      TestEnv.await(consumer.unregister());
    }
  }

  private static JsonObject ofType(List<JsonObject> events, String type) {
    return events.stream().filter(e -> e.getString("type").equals(type)).findFirst().orElseThrow();
  }
}
