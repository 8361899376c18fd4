package app.lightweight.sandbox.payments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts events to the webhook URL, signed, retrying with doubling delays until a 2xx answer, and
 * does to them what a test asks: send twice, hold for release in any order, delay, drop.
 */
final class Webhooks {

  private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

  private final Vertx vertx;
  private final HttpClient client;
  private final String secret;
  private final Duration retryBase;
  private final Duration retryMax;
  private volatile String url;

  // all guarded by this
  private final List<WebhookEvent> events = new ArrayList<>();
  private final List<WebhookDelivery> deliveries = new ArrayList<>();
  private final List<WebhookEvent> delivered = new ArrayList<>();
  private final LinkedHashMap<String, Pending> held = new LinkedHashMap<>();
  private final Set<Long> timers = new HashSet<>();
  private boolean holding;
  private int duplicates;
  private int drops;
  private Duration delay;
  private long generation;

  /** An event on its way; {@code copies} is how many more times it is to be delivered. */
  private record Pending(WebhookEvent event, int copy, int copies, long generation) {}

  Webhooks(Vertx vertx, PaymentSettings settings) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
    this.secret = settings.webhookSecret();
    this.retryBase = settings.retryBase();
    this.retryMax = settings.retryMax();
    this.url = settings.webhookUrl();
  }

  String url() {
    return url;
  }

  void url(String url) {
    this.url = url;
  }

  synchronized void emit(WebhookEvent event) {
    events.add(event);
    if (drops > 0) {
      drops--;
      log.info("payments: dropped {} {} as asked", event.type(), event.id());
      return;
    }
    int copies = 1;
    if (duplicates > 0) {
      duplicates--;
      copies = 2;
    }
    var pending = new Pending(event, 1, copies, generation);
    var wait = delay == null ? Duration.ZERO : delay;
    delay = null;
    if (holding) {
      held.put(event.id(), pending);
    } else {
      later(wait, () -> send(pending, 1));
    }
  }

  synchronized void deliverNextTwice(int count) {
    duplicates += count;
  }

  synchronized void dropNext() {
    drops++;
  }

  synchronized void delayNext(Duration wait) {
    delay = wait;
  }

  synchronized void hold() {
    holding = true;
  }

  synchronized List<WebhookEvent> held() {
    return held.values().stream().map(Pending::event).toList();
  }

  /** Sends the held events with these ids, one after the other in this order. */
  void release(List<String> eventIds) {
    var toSend = new ArrayList<Pending>();
    synchronized (this) {
      for (var id : eventIds) {
        if (!held.containsKey(id)) {
          throw new IllegalArgumentException("no held event " + id + "; held: " + held.keySet());
        }
      }
      eventIds.forEach(id -> toSend.add(held.remove(id)));
    }
    Future<Void> chain = Future.succeededFuture();
    for (var pending : toSend) {
      chain = chain.compose(v -> send(pending, 1));
    }
  }

  /** Stops holding and sends what was held, oldest first. */
  void releaseAll() {
    List<String> ids;
    synchronized (this) {
      holding = false;
      ids = List.copyOf(held.keySet());
    }
    release(ids);
  }

  synchronized List<WebhookEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<WebhookDelivery> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized List<WebhookEvent> delivered() {
    return List.copyOf(delivered);
  }

  boolean awaitDelivered(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      synchronized (this) {
        if (delivered.size() >= count) {
          return true;
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  /** Forgets every event and control; deliveries under way are abandoned. */
  synchronized void reset() {
    generation++;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    events.clear();
    deliveries.clear();
    delivered.clear();
    held.clear();
    holding = false;
    duplicates = 0;
    drops = 0;
    delay = null;
  }

  /** One attempt; the future ends when its answer (or failure) is recorded. */
  private Future<Void> send(Pending pending, int attempt) {
    String target;
    synchronized (this) {
      if (pending.generation() != generation) {
        return Future.succeededFuture();
      }
      target = url;
    }
    var body = pending.event().body();
    Future<Integer> answer =
        target == null
            ? Future.failedFuture("no webhook URL is set")
            : post(target, System.currentTimeMillis() / 1000, body);
    return answer.transform(
        result -> {
          onAnswer(pending, attempt, result.succeeded() ? result.result() : 0, result.cause());
          return Future.<Void>succeededFuture();
        });
  }

  private Future<Integer> post(String target, long timestamp, String body) {
    var options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(target)
            .setConnectTimeout(2_000)
            .setIdleTimeout(10_000)
            .putHeader("Content-Type", "application/json; charset=utf-8")
            .putHeader("User-Agent", "Lightweight-Sandbox-Payments/1.0 (Stripe-shaped)")
            .putHeader("Stripe-Signature", WebhookSignature.header(secret, timestamp, body));
    return client
        .request(options)
        .compose(request -> request.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }

  private synchronized void onAnswer(Pending pending, int attempt, int status, Throwable failure) {
    if (pending.generation() != generation) {
      return;
    }
    var event = pending.event();
    var delivery =
        new WebhookDelivery(
            event.id(),
            event.type(),
            pending.copy(),
            attempt,
            status,
            failure == null ? null : String.valueOf(failure.getMessage()),
            Instant.now());
    deliveries.add(delivery);
    if (delivery.succeeded()) {
      delivered.add(event);
      if (pending.copies() > 1) {
        var again =
            new Pending(event, pending.copy() + 1, pending.copies() - 1, pending.generation());
        later(Duration.ZERO, () -> send(again, 1));
      }
      return;
    }
    var wait = backoff(attempt);
    log.info(
        "payments: {} {} attempt {} got {}; retrying in {} ms",
        event.type(),
        event.id(),
        attempt,
        status == 0 ? delivery.error() : status,
        wait.toMillis());
    later(wait, () -> send(pending, attempt + 1));
  }

  /** {@code retryBase * 2^(attempt-1)}, at most {@code retryMax}. */
  private Duration backoff(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 30);
    var wait = retryBase.multipliedBy(factor);
    return wait.compareTo(retryMax) > 0 ? retryMax : wait;
  }

  private synchronized void later(Duration wait, Runnable task) {
    long id =
        vertx.setTimer(
            Math.max(1, wait.toMillis()),
            fired -> {
              synchronized (this) {
                if (!timers.remove(fired)) {
                  return;
                }
              }
              task.run();
            });
    timers.add(id);
  }
}
