package app.lightweight.sandbox.payments;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A payment provider shaped like Stripe's PaymentIntents, on loopback: the API under {@code /v1}, a
 * hosted checkout page with test cards, and signed webhooks retried until answered 2xx. Tests can
 * make webhooks arrive twice, out of order, late or never.
 */
public final class PaymentProvider implements AutoCloseable {

  public static final String HOST = "127.0.0.1";
  private static final HttpClient CHECKOUT_BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static final Logger log = LoggerFactory.getLogger(PaymentProvider.class);

  private final Vertx vertx;
  private final HttpServer server;
  private final PaymentSettings settings;
  private final PaymentIntents intents;
  private final Webhooks webhooks;

  private PaymentProvider(
      Vertx vertx,
      HttpServer server,
      PaymentSettings settings,
      PaymentIntents intents,
      Webhooks webhooks) {
    this.vertx = vertx;
    this.server = server;
    this.settings = settings;
    this.intents = intents;
    this.webhooks = webhooks;
  }

  public static PaymentProvider start(PaymentSettings settings) {
    long started = System.nanoTime();
    var vertx = Vertx.vertx();
    try {
      var webhooks = new Webhooks(vertx, settings);
      var intents = new PaymentIntents(webhooks);
      var router = Router.router(vertx);
      new PaymentApi(intents, settings.secretKey()).mount(router);
      new Checkout(intents).mount(router);
      var server =
          vertx
              .createHttpServer()
              .requestHandler(router)
              .listen(settings.port(), HOST)
              .await(30, TimeUnit.SECONDS);
      var provider = new PaymentProvider(vertx, server, settings, intents, webhooks);
      intents.checkoutBase(provider.apiBase());
      log.info(
          "Payment provider up on {} (webhooks to {}) in {} ms",
          provider.apiBase(),
          settings.webhookUrl(),
          (System.nanoTime() - started) / 1_000_000);
      return provider;
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "payment provider could not start on port " + settings.port(), e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>}: the API is under {@code /v1}, the checkout at /checkout. */
  public String apiBase() {
    return "http://" + HOST + ":" + port();
  }

  public String secretKey() {
    return settings.secretKey();
  }

  public String webhookSecret() {
    return settings.webhookSecret();
  }

  /** Where events are posted, or {@code null}: then they are retried until a URL is set. */
  public String webhookUrl() {
    return webhooks.url();
  }

  public void webhookUrl(String url) {
    webhooks.url(url);
  }

  public Optional<PaymentIntent> intent(String id) {
    return intents.find(id);
  }

  public List<PaymentIntent> intents() {
    return intents.all();
  }

  /**
   * Pays the intent with a test card as the checkout form would (same outcome, same event), for
   * tests that need a paid intent without a browser.
   */
  public PaymentIntent pay(String intentId, String cardNumber) {
    var card =
        TestCard.of(cardNumber)
            .orElseThrow(() -> new IllegalArgumentException("not a test card: " + cardNumber));
    return intents
        .pay(intentId, card)
        .orElseThrow(() -> new IllegalArgumentException("no payment intent " + intentId));
  }

  /**
   * Posts the hosted checkout page's form at {@code checkoutUrl} with a test card, as a payer's
   * browser does (redirects not followed): 303 to the intent's return URL once the card was taken.
   */
  public static HttpResponse<String> submitCheckout(
      String checkoutUrl, String cardNumber, String name) {
    String form =
        "card_number="
            + URLEncoder.encode(cardNumber, StandardCharsets.UTF_8)
            + "&expiry=12+%2F+39&cvc=123&name="
            + URLEncoder.encode(name, StandardCharsets.UTF_8);
    try {
      return CHECKOUT_BROWSER.send(
          HttpRequest.newBuilder(URI.create(checkoutUrl))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next {@code count} events are each delivered twice (the same event id). */
  public void deliverNextTwice(int count) {
    webhooks.deliverNextTwice(count);
  }

  /**
   * The next event is never sent, as when a webhook is lost; it still shows in {@link #events()}.
   */
  public void dropNext() {
    webhooks.dropNext();
  }

  /** The next event is first sent after {@code delay}. */
  public void delayNext(Duration delay) {
    webhooks.delayNext(delay);
  }

  /** From now on events wait in {@link #heldEvents()} until released. */
  public void holdEvents() {
    webhooks.hold();
  }

  public List<WebhookEvent> heldEvents() {
    return webhooks.held();
  }

  /** Sends these held events, each after the previous one's first attempt (order as given). */
  public void release(String... eventIds) {
    webhooks.release(List.of(eventIds));
  }

  /** Stops holding and sends every held event, oldest first. */
  public void releaseHeld() {
    webhooks.releaseAll();
  }

  /** Every event emitted, oldest first, whatever became of it. */
  public List<WebhookEvent> events() {
    return webhooks.events();
  }

  /** Every delivery attempt with its answer, oldest first. */
  public List<WebhookDelivery> deliveries() {
    return webhooks.deliveries();
  }

  /** The events answered 2xx, in the order they were (a duplicate appears twice). */
  public List<WebhookEvent> delivered() {
    return webhooks.delivered();
  }

  /** Waits until at least {@code count} deliveries were answered 2xx; false after the timeout. */
  public boolean awaitDelivered(int count, Duration timeout) {
    return webhooks.awaitDelivered(count, timeout);
  }

  /** Forgets every intent, event and control and abandons pending retries; keeps the settings. */
  public void reset() {
    webhooks.reset();
    intents.reset();
  }

  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("payment provider did not stop", e);
    }
  }
}
