package app.lightweight.sandbox.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentProviderTest {

  private static final String KEY = PaymentSettings.SECRET_KEY;
  private static final String FORM =
      "amount=1500&currency=EUR&metadata[funding_id]=fund_1&metadata[wallet]=w_9"
          + "&return_url="
          + URLEncoder.encode("http://localhost:4200/wallet?tab=funding", StandardCharsets.UTF_8);
  private static final Duration RETRY_BASE = Duration.ofMillis(40);

  private static final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private static PaymentProvider provider;
  private static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    receiver = WebhookReceiver.start();
    provider =
        PaymentProvider.start(
            PaymentSettings.forTests().withRetry(RETRY_BASE, Duration.ofMillis(400)));
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
    receiver.close();
  }

  @BeforeEach
  void clean() {
    provider.reset();
    receiver.reset();
    provider.webhookUrl(receiver.url());
  }

  @Test
  void createsAnIntentFromAFormEncodedRequestLikeStripe() throws Exception {
    var created = post("/v1/payment_intents", FORM, "Bearer " + KEY, null);

    assertThat(created.statusCode()).isEqualTo(200);
    var intent = new JsonObject(created.body());
    assertThat(intent.getString("id")).startsWith("pi_");
    assertThat(intent.getString("object")).isEqualTo("payment_intent");
    assertThat(intent.getLong("amount")).isEqualTo(1500);
    assertThat(intent.getString("currency")).isEqualTo("eur");
    assertThat(intent.getString("status")).isEqualTo("requires_payment_method");
    assertThat(intent.getJsonObject("metadata").getMap())
        .containsOnly(entry("funding_id", "fund_1"), entry("wallet", "w_9"));
    assertThat(intent.getLong("created")).isCloseTo(System.currentTimeMillis() / 1000, within(5L));
    assertThat(intent.getValue("last_payment_error")).isNull();
    assertThat(checkoutUrl(intent))
        .isEqualTo(provider.apiBase() + "/checkout/" + intent.getString("id"));

    var fetched = get("/v1/payment_intents/" + intent.getString("id"), "Bearer " + KEY);
    assertThat(fetched.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(fetched.body())).isEqualTo(intent);
  }

  @Test
  void createsAnIntentFromJsonAndAcceptsBasicAuthLikeStripe() throws Exception {
    var basic = Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
    var created =
        http.send(
            HttpRequest.newBuilder(URI.create(provider.apiBase() + "/v1/payment_intents"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"amount\":250,\"currency\":\"usd\",\"metadata\":{\"funding_id\":\"f2\"}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(created.statusCode()).isEqualTo(200);
    var intent = new JsonObject(created.body());
    assertThat(intent.getLong("amount")).isEqualTo(250);
    assertThat(intent.getString("currency")).isEqualTo("usd");
    assertThat(intent.getJsonObject("metadata").getString("funding_id")).isEqualTo("f2");
  }

  @Test
  void missingOrWrongSecretKeyIsAnswered401InStripesErrorShape() throws Exception {
    for (var authorization : new String[] {null, "Bearer sk_test_wrong", "Bearer " + KEY + "x"}) {
      var refused = post("/v1/payment_intents", FORM, authorization, null);

      assertThat(refused.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
      var error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getString("type")).isEqualTo("invalid_request_error");
      assertThat(error.getString("code")).startsWith("api_key_");
      assertThat(error.getString("message")).isNotBlank().doesNotContain("sk_test_wrong");
    }
    assertThat(get("/v1/payment_intents/pi_any", "Bearer nope").statusCode()).isEqualTo(401);
    assertThat(provider.intents()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "currency=eur, parameter_missing, amount",
    "amount=12.5&currency=eur, parameter_invalid_integer, amount",
    "amount=0&currency=eur, amount_too_small, amount",
    "amount=100, parameter_missing, currency",
    "amount=100&currency=xx1, parameter_invalid, currency",
    "amount=100&currency=eur&confirm=true, parameter_unknown, confirm",
    "amount=100&currency=eur&return_url=javascript:alert(1), url_invalid, return_url"
  })
  void invalidParametersAreAnswered400NamingTheParam(String form, String code, String param)
      throws Exception {
    var refused = post("/v1/payment_intents", form, "Bearer " + KEY, null);

    assertThat(refused.statusCode()).isEqualTo(400);
    var error = new JsonObject(refused.body()).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("param")).isEqualTo(param);
    assertThat(provider.intents()).isEmpty();
  }

  @Test
  void unknownIntentIs404InStripesShape() throws Exception {
    var missing = get("/v1/payment_intents/pi_nothing", "Bearer " + KEY);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(missing.body()).getJsonObject("error").getString("code"))
        .isEqualTo("resource_missing");
  }

  @Test
  void sameIdempotencyKeyAndParamsReplayTheFirstIntent() throws Exception {
    var key = UUID.randomUUID().toString();

    var first = post("/v1/payment_intents", FORM, "Bearer " + KEY, key);
    var again = post("/v1/payment_intents", FORM, "Bearer " + KEY, key);
    var other = post("/v1/payment_intents", FORM, "Bearer " + KEY, UUID.randomUUID().toString());

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(new JsonObject(again.body())).isEqualTo(new JsonObject(first.body()));
    assertThat(new JsonObject(other.body()).getString("id"))
        .isNotEqualTo(new JsonObject(first.body()).getString("id"));
    assertThat(provider.intents()).hasSize(2);
  }

  @Test
  void sameIdempotencyKeyWithOtherParamsIsRefused() throws Exception {
    var key = UUID.randomUUID().toString();
    post("/v1/payment_intents", FORM, "Bearer " + KEY, key);

    var refused = post("/v1/payment_intents", FORM.replace("1500", "1600"), "Bearer " + KEY, key);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("type"))
        .isEqualTo("idempotency_error");
    assertThat(provider.intents()).hasSize(1);
  }

  @Test
  void checkoutPageIsAnAccessibleCardFormWithNoScriptsOrExternalAssets() throws Exception {
    var intent = createIntent();

    var page =
        http.send(
            HttpRequest.newBuilder(URI.create(checkoutUrl(intent))).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("default-src 'none'", "form-action 'self'"));
    var html = page.body();
    assertThat(html)
        .contains("<html lang=\"en\">")
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .contains("<h1>Pay EUR 15.00</h1>")
        .contains("<form method=\"post\" action=\"/checkout/" + intent.getString("id") + "\"")
        .contains("<label for=\"card-number\">Card number</label>")
        .contains("<label for=\"expiry\">Expiry date</label>")
        .contains("<label for=\"cvc\">Security code</label>")
        .contains("<button type=\"submit\">Pay EUR 15.00</button>")
        .contains("4242 4242 4242 4242", "4000 0000 0000 0002", "4000 0000 0000 9995")
        .doesNotContain("<script", "style=", "onclick", "http://", "https://", "tabindex");
    assertThat(input(html, "card-number"))
        .contains("autocomplete=\"cc-number\"", "inputmode=\"numeric\"", "name=\"card_number\"");
    assertThat(input(html, "expiry")).contains("autocomplete=\"cc-exp\"", "inputmode=\"numeric\"");
    assertThat(input(html, "cvc")).contains("autocomplete=\"cc-csc\"", "inputmode=\"numeric\"");
    var css =
        http.send(
            HttpRequest.newBuilder(URI.create(provider.apiBase() + "/assets/checkout.css")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.body()).contains(":focus-visible{outline:3px solid");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "4242 4242 4242 4242, succeeded, -, -, payment_intent.succeeded, Payment received",
        "4000 0000 0000 0002, requires_payment_method, card_declined, generic_decline,"
            + " payment_intent.payment_failed, Your card was declined.",
        "4000-0000-0000-9995, requires_payment_method, card_declined, insufficient_funds,"
            + " payment_intent.payment_failed, Your card has insufficient funds."
      })
  void eachTestCardGivesItsOutcomeAndASignedWebhook(
      String card, String status, String code, String declineCode, String type, String shown)
      throws Exception {
    var intent = createIntent();
    var id = intent.getString("id");

    var submitted = payAtCheckout(id, card);

    assertThat(submitted.statusCode()).isEqualTo(303);
    assertThat(submitted.headers().firstValue("Location")).hasValue("/checkout/" + id + "/outcome");
    var outcome = page("/checkout/" + id + "/outcome");
    assertThat(outcome.statusCode()).isEqualTo(200);
    assertThat(outcome.body()).contains(shown);
    var now = new JsonObject(get("/v1/payment_intents/" + id, "Bearer " + KEY).body());
    assertThat(now.getString("status")).isEqualTo(status);
    if (code == null) {
      assertThat(now.getValue("last_payment_error")).isNull();
      assertThat(now.getLong("amount_received")).isEqualTo(1500);
      assertThat(now.getValue("next_action")).isNull();
    } else {
      var error = now.getJsonObject("last_payment_error");
      assertThat(error.getString("type")).isEqualTo("card_error");
      assertThat(error.getString("code")).isEqualTo(code);
      assertThat(error.getString("decline_code")).isEqualTo(declineCode);
      assertThat(error.getString("message")).isEqualTo(shown);
    }

    var webhook = receiver.awaitReceived(1).get(0);
    assertThat(
            StripeSignatures.verify(
                webhook.signature(), webhook.body(), provider.webhookSecret(), 300))
        .as("signature %s", webhook.signature())
        .isTrue();
    assertThat(StripeSignatures.verify(webhook.signature(), webhook.body(), "whsec_other", 300))
        .isFalse();
    assertThat(webhook.contentType()).startsWith("application/json");
    var event = webhook.json();
    assertThat(event.getString("id")).startsWith("evt_");
    assertThat(event.getString("object")).isEqualTo("event");
    assertThat(event.getString("type")).isEqualTo(type);
    assertThat(event.getLong("created")).isPositive();
    assertThat(webhook.intent()).isEqualTo(now);
    // the provider counts an event delivered once it has read the 2xx, just after we sent it
    assertThat(provider.awaitDelivered(1, Duration.ofSeconds(30))).isTrue();
    assertThat(provider.delivered())
        .extracting(WebhookEvent::id)
        .containsExactly(event.getString("id"));
  }

  @Test
  void paidCustomerIsSentBackToTheReturnUrlWithTheStatus() throws Exception {
    var id = createIntent().getString("id");
    payAtCheckout(id, "4242424242424242");

    var outcome = page("/checkout/" + id + "/outcome").body();

    assertThat(outcome)
        .containsPattern(
            "<a class=\"button\" autofocus href=\"http://localhost:4200/wallet\\?tab=funding"
                + "&amp;payment_intent="
                + id
                + "&amp;payment_intent_client_secret="
                + id
                + "_secret_\\w+&amp;redirect_status=succeeded\">Continue</a>");
    var checkoutAgain = page("/checkout/" + id);
    assertThat(checkoutAgain.statusCode()).isEqualTo(303);
  }

  @Test
  void declinedCustomerCanTryAnotherCardOrGoBack() throws Exception {
    var id = createIntent().getString("id");
    payAtCheckout(id, "4000000000000002");

    var outcome = page("/checkout/" + id + "/outcome").body();
    assertThat(outcome)
        .contains(
            "<a class=\"button\" autofocus href=\"/checkout/" + id + "\">Try another card</a>")
        .contains("redirect_status=failed\">Cancel and go back</a>");
    assertThat(page("/checkout/" + id).body())
        .contains("Your card was declined. Try another card.");

    payAtCheckout(id, "4242424242424242");

    var now = provider.intent(id).orElseThrow();
    assertThat(now.status()).isEqualTo("succeeded");
    assertThat(now.lastPaymentError()).isNull();
    assertThat(receiver.awaitReceived(2))
        .extracting(WebhookReceiver.Received::type)
        .containsExactly("payment_intent.payment_failed", "payment_intent.succeeded");
  }

  @Test
  void invalidCardDetailsAreShownOnTheFormAndChargeNothing() throws Exception {
    var id = createIntent().getString("id");

    var shown =
        post("/checkout/" + id, "card_number=4242424242424241&expiry=13%2F30&cvc=1", null, null);

    assertThat(shown.statusCode()).isEqualTo(422);
    assertThat(shown.body())
        .contains("There is a problem")
        .contains("<a href=\"#card-number\">Your card number is invalid.</a>")
        .contains("<a href=\"#expiry\">Enter the expiry date as MM / YY.</a>")
        .contains("<a href=\"#cvc\">Enter the 3 or 4 digit security code.</a>");
    assertThat(input(shown.body(), "card-number"))
        .contains("aria-invalid=\"true\"", "aria-describedby=\"card-number-error\"")
        .contains("value=\"4242424242424241\"");
    var otherCard =
        post("/checkout/" + id, "card_number=4111111111111111&expiry=12/40&cvc=123", null, null);
    assertThat(otherCard.body()).contains("only the test cards");
    assertThat(provider.intent(id).orElseThrow().status()).isEqualTo("requires_payment_method");
    assertThat(provider.events()).isEmpty();
  }

  @Test
  void webhookIsRetriedWithGrowingDelaysUntilAnswered2xx() throws Exception {
    receiver.answerNext(500, 503, 404);
    var id = createIntent().getString("id");

    provider.pay(id, "4242424242424242");

    var requests = receiver.awaitReceived(4);
    assertThat(provider.awaitDelivered(1, Duration.ofSeconds(10))).isTrue();
    assertThat(requests)
        .extracting(WebhookReceiver.Received::eventId)
        .containsOnly(requests.get(0).eventId());
    for (var request : requests) {
      assertThat(
              StripeSignatures.verify(
                  request.signature(), request.body(), provider.webhookSecret(), 300))
          .isTrue();
    }
    for (int i = 1; i < requests.size(); i++) {
      var gap = Duration.between(requests.get(i - 1).at(), requests.get(i).at());
      assertThat(gap)
          .as("wait before attempt %d", i + 1)
          .isGreaterThanOrEqualTo(RETRY_BASE.multipliedBy(1L << (i - 1)).minusMillis(5));
    }
    assertThat(provider.deliveries())
        .extracting(WebhookDelivery::attempt, WebhookDelivery::statusCode)
        .containsExactly(tuple(1, 500), tuple(2, 503), tuple(3, 404), tuple(4, 200));
  }

  @Test
  void failedPaymentEventsAreRetriedToo() throws Exception {
    receiver.answerNext(500);
    var id = createIntent().getString("id");

    provider.pay(id, "4000000000009995");

    assertThat(receiver.awaitReceived(2))
        .extracting(WebhookReceiver.Received::type)
        .containsExactly("payment_intent.payment_failed", "payment_intent.payment_failed");
    assertThat(provider.awaitDelivered(1, Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void eventsWaitForAWebhookUrlAndArriveOnceOneIsSet() throws Exception {
    provider.webhookUrl(null);
    var id = createIntent().getString("id");
    provider.pay(id, "4242424242424242");
    awaitUntil(() -> provider.deliveries().size() >= 2);
    assertThat(provider.deliveries()).allSatisfy(d -> assertThat(d.statusCode()).isZero());

    provider.webhookUrl(receiver.url());

    assertThat(receiver.awaitReceived(1).get(0).type()).isEqualTo("payment_intent.succeeded");
  }

  @Test
  void nextEventsCanBeDeliveredTwice() throws Exception {
    provider.deliverNextTwice(1);
    var first = createIntent().getString("id");
    var second = createIntent().getString("id");

    provider.pay(first, "4242424242424242");
    provider.pay(second, "4242424242424242");

    var requests = receiver.awaitReceived(3);
    assertThat(requests.stream().filter(r -> r.intent().getString("id").equals(first)))
        .hasSize(2)
        .extracting(WebhookReceiver.Received::eventId)
        .containsOnly(provider.events().get(0).id());
    assertThat(provider.awaitDelivered(3, Duration.ofSeconds(10))).isTrue();
    assertThat(provider.delivered()).hasSize(3);
  }

  @Test
  void heldEventsArriveInTheOrderTheyAreReleased() throws Exception {
    provider.holdEvents();
    var failedFirst = createIntent().getString("id");
    provider.pay(failedFirst, "4000000000000002");
    provider.pay(failedFirst, "4242424242424242");
    var held = provider.heldEvents();
    assertThat(held)
        .extracting(WebhookEvent::type)
        .containsExactly("payment_intent.payment_failed", "payment_intent.succeeded");
    assertThat(receiver.received()).isEmpty();

    provider.release(held.get(1).id(), held.get(0).id());

    assertThat(receiver.awaitReceived(2))
        .extracting(WebhookReceiver.Received::type)
        .containsExactly("payment_intent.succeeded", "payment_intent.payment_failed");
    assertThat(provider.heldEvents()).isEmpty();
  }

  @Test
  void releasingHeldEventsStopsHolding() throws Exception {
    provider.holdEvents();
    provider.pay(createIntent().getString("id"), "4242424242424242");

    provider.releaseHeld();
    provider.pay(createIntent().getString("id"), "4000000000000002");

    assertThat(receiver.awaitReceived(2)).hasSize(2);
    assertThat(provider.heldEvents()).isEmpty();
  }

  @Test
  void delayedEventArrivesLate() throws Exception {
    var delay = Duration.ofMillis(600);
    provider.delayNext(delay);
    var late = createIntent().getString("id");
    var onTime = createIntent().getString("id");

    provider.pay(late, "4242424242424242");
    provider.pay(onTime, "4242424242424242");

    var requests = receiver.awaitReceived(2);
    assertThat(requests).extracting(r -> r.intent().getString("id")).containsExactly(onTime, late);
    var emitted = provider.events().get(0);
    assertThat(Duration.between(Instant.ofEpochSecond(emitted.created()), requests.get(1).at()))
        .isGreaterThanOrEqualTo(delay.minusSeconds(1));
    assertThat(Duration.between(requests.get(0).at(), requests.get(1).at()))
        .isGreaterThanOrEqualTo(delay.minusMillis(100));
  }

  @Test
  void droppedEventNeverArrivesAndTheIntentCanBeReconciledWithGet() throws Exception {
    provider.dropNext();
    var lost = createIntent().getString("id");
    var next = createIntent().getString("id");

    provider.pay(lost, "4242424242424242");
    provider.pay(next, "4242424242424242");

    assertThat(receiver.awaitReceived(1).get(0).intent().getString("id")).isEqualTo(next);
    assertThat(provider.awaitDelivered(1, Duration.ofSeconds(5))).isTrue();
    assertThat(provider.events()).hasSize(2);
    assertThat(provider.deliveries())
        .extracting(WebhookDelivery::eventId)
        .doesNotContain(provider.events().get(0).id());
    var reconciled = new JsonObject(get("/v1/payment_intents/" + lost, "Bearer " + KEY).body());
    assertThat(reconciled.getString("status")).isEqualTo("succeeded");
    assertThat(reconciled.getJsonObject("metadata").getString("funding_id")).isEqualTo("fund_1");
  }

  private static JsonObject createIntent() throws Exception {
    var created = post("/v1/payment_intents", FORM, "Bearer " + KEY, null);
    assertThat(created.statusCode()).isEqualTo(200);
    return new JsonObject(created.body());
  }

  private static String checkoutUrl(JsonObject intent) {
    return intent.getJsonObject("next_action").getJsonObject("redirect_to_url").getString("url");
  }

  private static HttpResponse<String> payAtCheckout(String id, String card) throws Exception {
    var form =
        "card_number="
            + URLEncoder.encode(card, StandardCharsets.UTF_8)
            + "&expiry="
            + URLEncoder.encode("12 / 40", StandardCharsets.UTF_8)
            + "&cvc=123&name=Ada+Lovelace";
    return post("/checkout/" + id, form, null, null);
  }

  private static HttpResponse<String> post(
      String path, String form, String authorization, String idempotencyKey) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(provider.apiBase() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String authorization) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(provider.apiBase() + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> page(String path) throws Exception {
    return get(path, null);
  }

  /** The {@code <input>} tag with this id. */
  private static String input(String html, String id) {
    var matcher = Pattern.compile("<input id=\"" + id + "\"[^>]*>").matcher(html);
    assertThat(matcher.find()).as("input #%s", id).isTrue();
    return matcher.group();
  }

  private static void awaitUntil(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }
}
