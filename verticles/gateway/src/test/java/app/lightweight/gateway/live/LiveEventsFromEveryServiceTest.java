package app.lightweight.gateway.live;

import static app.lightweight.shared.testing.ServiceFixture.expect;
import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.email.EmailVerticle;
import app.lightweight.sandbox.payments.PaymentProvider;
import app.lightweight.shared.testing.ServiceFixture;
import app.lightweight.shared.testing.TestEnv;
import app.lightweight.users.UsersVerticle;
import app.lightweight.wallets.WalletRoutes;
import app.lightweight.wallets.WalletsVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The gateway's live events against the real producers of {@code users.events}, {@code
 * email.events} and {@code wallets.events} (invoices' are in {@code LiveUpdatesTest}): each event
 * reaches {@code live.<subject>} of the users it belongs to, and nobody else's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveEventsFromEveryServiceTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final String ADA = "live-ada";
  private static final String BOLA = "live-bola";
  private static final String EVE = "live-eve";

  private final Map<String, List<JsonObject>> live = new ConcurrentHashMap<>();
  private Vertx vertx;
  private ServiceFixture users;
  private ServiceFixture email;
  private ServiceFixture wallets;

  @BeforeAll
  void start() {
    vertx = Vertx.vertx();
    users =
        ServiceFixture.of(UsersVerticle.NAME, UsersVerticle::new)
            .tables("profiles", "outbox", "idempotency_keys")
            .scopes("users:read users:write")
            .start(vertx);
    email =
        ServiceFixture.of(EmailVerticle.NAME, EmailVerticle::new)
            .tables("messages", "recipients", "attachments", "attempts", "outbox")
            .scopes("email:send email:read")
            .env("SENDER_DOMAINS", "lightweight.test")
            .start(vertx);
    wallets =
        ServiceFixture.of(WalletsVerticle.NAME, WalletsVerticle::new)
            .tables("entries", "transfers", "accounts", "fundings", "webhook_events", "outbox")
            .scopes("wallets:read wallets:fund wallets:pay")
            .start(vertx);
    PaymentProvider payments = TestEnv.sandbox().payments();
    payments.reset();
    payments.webhookUrl("http://127.0.0.1:" + wallets.port() + WalletRoutes.WEBHOOK_PATH);
    await(new LiveEvents(vertx.eventBus()).start());
    for (String subject : List.of(ADA, BOLA, EVE)) {
      List<JsonObject> events = new CopyOnWriteArrayList<>();
      live.put(subject, events);
      await(
          vertx
              .eventBus()
              .<JsonObject>consumer(LiveEvents.PREFIX + subject, m -> events.add(m.body()))
              .completion());
    }
  }

  @AfterAll
  void stop() {
    wallets.close();
    email.close();
    users.close();
    await(vertx.close());
  }

  @Test
  void aProfileChangeReachesItsOwner() throws Exception {
    expect(
        users.put("/api/users/me", users.token(ADA), new JsonObject().put("display_name", "Ada")),
        200);

    eventually(DEADLINE, () -> assertThat(types(ADA)).anyMatch(type -> type.startsWith("user.")));
    assertThat(types(BOLA)).noneMatch(type -> type.startsWith("user."));
    assertThat(types(EVE)).noneMatch(type -> type.startsWith("user."));
  }

  @Test
  void aMessageOfABusinessReachesThatBusiness() throws Exception {
    JsonObject accepted =
        expect(
            email.post(
                "/api/email/messages",
                email.token(ADA),
                new JsonObject()
                    .put("from", new JsonObject().put("address", "ada@lightweight.test"))
                    .put("to", new JsonArray().add(new JsonObject().put("address", "x@example.ng")))
                    .put("subject", "Hello")
                    .put("text", "Hello")),
            202);

    eventually(
        DEADLINE,
        () ->
            assertThat(live.get(ADA))
                .filteredOn(event -> event.getString("type").equals("email.queued"))
                .extracting(event -> event.getJsonObject("data").getString("id"))
                .contains(accepted.getString("id")));
    assertThat(types(BOLA)).noneMatch(type -> type.startsWith("email."));
    assertThat(types(EVE)).noneMatch(type -> type.startsWith("email."));
  }

  @Test
  void aFundingReachesItsOwnerAndAPaymentBothItsPayerAndItsPayee() throws Exception {
    fund(BOLA, 500_000);
    eventually(DEADLINE, () -> assertThat(types(BOLA)).contains("wallet.funded"));

    expect(
        wallets.post(
            "/api/wallets/payments",
            wallets.token(BOLA),
            new JsonObject()
                .put("transfer_id", "live-test-1")
                .put("payee", ADA)
                .put("amount", 200_000)
                .put("currency", "NGN")),
        201);

    for (String party : List.of(BOLA, ADA)) {
      eventually(
          DEADLINE,
          () ->
              assertThat(live.get(party))
                  .filteredOn(event -> event.getString("type").equals("transfer.completed"))
                  .extracting(event -> event.getJsonObject("data").getString("transfer_id"))
                  .containsExactly("live-test-1"));
    }
    assertThat(types(ADA)).doesNotContain("wallet.funded");
    assertThat(types(EVE)).doesNotContain("wallet.funded", "transfer.completed");
  }

  private List<String> types(String subject) {
    return live.get(subject).stream().map(event -> event.getString("type")).toList();
  }

  /** Funds a wallet as a payer does: intent, the checkout form with 4242…, the signed webhook. */
  private void fund(String subject, long amount) throws Exception {
    JsonObject funding =
        expect(
            wallets.post(
                "/api/wallets/fundings",
                wallets.token(subject),
                new JsonObject().put("amount", amount).put("currency", "NGN")),
            201);
    HttpResponse<String> submitted =
        PaymentProvider.submitCheckout(
            funding.getString("checkout_url"), "4242 4242 4242 4242", "Payer");
    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
  }
}
