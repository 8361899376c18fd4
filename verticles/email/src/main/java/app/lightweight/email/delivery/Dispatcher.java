package app.lightweight.email.delivery;

import app.lightweight.email.ClaimedMessage;
import app.lightweight.email.MessageStore;
import app.lightweight.email.MessageStore.AttemptEnd;
import app.lightweight.email.MessageStore.RecipientUpdate;
import app.lightweight.email.MessageStore.Settlement;
import app.lightweight.email.Recipient;
import app.lightweight.email.delivery.SendResult.Outcome;
import app.lightweight.email.delivery.SendResult.RecipientReply;
import app.lightweight.shared.Ids;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes due messages from PostgreSQL (several instances side by side: {@code FOR UPDATE SKIP
 * LOCKED} with expiring leases) and sends each through the providers in order, at most {@code
 * concurrency} at a time. The failover rules (DESIGN.md section 7) are in {@link #after}.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Vertx vertx;
  private final MessageStore store;
  private final List<ProviderGate> gates;
  private final DispatchSettings settings;
  private final DeliveryMetrics metrics;
  private final String owner = Ids.next("dsp");
  private Context context;
  private long timer = -1;
  private int inFlight;
  private boolean polling;
  private boolean pollAgain;
  private volatile boolean stopped;

  public Dispatcher(
      Vertx vertx,
      MessageStore store,
      List<ProviderGate> gates,
      DispatchSettings settings,
      DeliveryMetrics metrics) {
    this.vertx = vertx;
    this.store = store;
    this.gates = List.copyOf(gates);
    this.settings = settings;
    this.metrics = metrics;
  }

  public List<ProviderGate> gates() {
    return gates;
  }

  /** Starts polling on the caller's context. */
  public void start() {
    context = vertx.getOrCreateContext();
    timer = vertx.setPeriodic(settings.pollMs(), t -> poll());
    poll();
  }

  /** A message was committed: look at the queue now rather than at the next tick. */
  public void wake() {
    if (context != null) {
      context.runOnContext(v -> poll());
    }
  }

  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.join(gates.stream().map(ProviderGate::close).toList()).mapEmpty();
  }

  private void poll() {
    if (stopped) {
      return;
    }
    if (polling) {
      pollAgain = true;
      return;
    }
    int room = settings.concurrency() - inFlight;
    if (room <= 0) {
      return;
    }
    polling = true;
    pollAgain = false;
    String first =
        gates.stream()
            .filter(ProviderGate::takesMail)
            .map(ProviderGate::name)
            .findFirst()
            .orElse(null);
    store
        .claim(owner, room, settings.leaseMs(), first)
        .onComplete(
            claimed -> {
              polling = false;
              if (claimed.failed()) {
                LOG.warn("cannot claim messages: {}", claimed.cause().getMessage());
                return;
              }
              for (ClaimedMessage message : claimed.result()) {
                inFlight++;
                deliver(message, first)
                    .onComplete(
                        done -> {
                          if (done.failed()) {
                            LOG.warn("message {}: {}", message.id(), done.cause().toString());
                          }
                          inFlight--;
                          if (inFlight <= settings.concurrency() / 2) {
                            poll();
                          }
                        });
              }
              if (pollAgain || claimed.result().size() == room) {
                poll();
              }
            });
  }

  private Future<Boolean> deliver(ClaimedMessage message, String claimedWith) {
    List<Recipient> pending = message.pending();
    Long started = message.startedAttempt();
    if (pending.isEmpty()) {
      // every recipient was settled by the providers' reports while an earlier try (whose
      // instance died) was sending: nothing to send; settling writes the reports' events
      return store.settle(
          new Settlement(
              message.id(),
              message.tenant(),
              message.content().metadata(),
              owner,
              started == null
                  ? null
                  : new AttemptEnd(
                      started,
                      Instant.now(),
                      "skipped",
                      null,
                      "every recipient was settled by the providers' reports"),
              List.of(),
              "sent",
              null,
              null,
              null,
              null));
    }
    Delivery delivery =
        new Delivery(
            message.id(),
            message.messageId(),
            message.content(),
            message.attachments(),
            pending.stream().map(Recipient::address).toList());
    Attempt first = started == null ? null : new Attempt(claimedWith, started);
    return tryFrom(0, message, pending, delivery, Instant.now(), null, first);
  }

  /** An attempt the claim already started with a provider, to be used when its turn comes. */
  private record Attempt(String provider, long id) {}

  /** Records how the try with provider {@code index} ended and goes on with the next one. */
  private Future<Boolean> endAndTryNext(
      AttemptEnd end,
      int index,
      ClaimedMessage message,
      List<Recipient> pending,
      Delivery delivery,
      Instant firstStart,
      String lastFault) {
    return store
        .endAttempt(end)
        .compose(v -> tryFrom(index + 1, message, pending, delivery, firstStart, lastFault, null));
  }

  private Future<Boolean> tryFrom(
      int index,
      ClaimedMessage message,
      List<Recipient> pending,
      Delivery delivery,
      Instant firstStart,
      String lastFault,
      Attempt prestarted) {
    if (index == gates.size()) {
      String why = lastFault == null ? "no provider takes mail now (breakers open)" : lastFault;
      AttemptEnd unused =
          prestarted == null
              ? null
              : new AttemptEnd(prestarted.id(), Instant.now(), "skipped", null, "breaker open");
      return store.settle(later(message, unused, pending, List.of(), why, false));
    }
    ProviderGate gate = gates.get(index);
    if (!gate.takesMail()) {
      return tryFrom(index + 1, message, pending, delivery, firstStart, lastFault, prestarted);
    }
    Future<Long> begun;
    if (prestarted != null && prestarted.provider().equals(gate.name())) {
      begun = Future.succeededFuture(prestarted.id());
    } else if (prestarted != null) {
      // its breaker opened since the claim: that attempt never ran
      begun =
          store
              .endAttempt(
                  new AttemptEnd(prestarted.id(), Instant.now(), "skipped", null, "breaker open"))
              .compose(v -> store.startAttempt(message.id(), gate.name(), Instant.now()));
    } else {
      begun = store.startAttempt(message.id(), gate.name(), Instant.now());
    }
    return begun.compose(
        attempt ->
            gate.send(delivery)
                .compose(
                    result -> {
                      if (result == null) {
                        return endAndTryNext(
                            new AttemptEnd(attempt, Instant.now(), "skipped", null, "breaker open"),
                            index,
                            message,
                            pending,
                            delivery,
                            firstStart,
                            lastFault);
                      }
                      metrics.attempt(gate.name(), result.outcome().wire());
                      AttemptEnd end =
                          new AttemptEnd(
                              attempt,
                              Instant.now(),
                              result.outcome().wire(),
                              result.replyCode(),
                              result.replyText());
                      if (result.outcome() == Outcome.PROVIDER_FAULT) {
                        return endAndTryNext(
                            end,
                            index,
                            message,
                            pending,
                            delivery,
                            firstStart,
                            gate.name() + ": " + result.replyText());
                      }
                      if (result.outcome() == Outcome.ACCEPTED && index > 0) {
                        metrics.failedOver(Duration.between(firstStart, Instant.now()));
                      }
                      return store.settle(after(message, pending, gate.name(), end, result));
                    }));
  }

  /**
   * The failover rules, for every outcome but a provider fault (which moves on to the next provider
   * at once): accepted → {@code sent}; refused → {@code failed} without failover; transient refusal
   * or unknown outcome → retried later in the same provider order.
   */
  private Settlement after(
      ClaimedMessage message,
      List<Recipient> pending,
      String provider,
      AttemptEnd end,
      SendResult result) {
    List<RecipientUpdate> updates = new ArrayList<>();
    for (RecipientReply reply : result.recipients()) {
      Recipient recipient = byAddress(pending, reply.address());
      if (recipient == null) {
        continue;
      }
      if (reply.refused()) {
        updates.add(new RecipientUpdate(recipient.position(), "failed", reply.text()));
      } else if (result.outcome() == Outcome.ACCEPTED && reply.accepted()) {
        updates.add(new RecipientUpdate(recipient.position(), "sent", null));
      } else if (reply.deferred()) {
        updates.add(new RecipientUpdate(recipient.position(), "queued", reply.text()));
      }
    }
    return switch (result.outcome()) {
      case ACCEPTED -> {
        JsonArray accepted = new JsonArray();
        result.recipients().stream()
            .filter(RecipientReply::accepted)
            .forEach(r -> accepted.add(r.address()));
        yield new Settlement(
            message.id(),
            message.tenant(),
            message.content().metadata(),
            owner,
            end,
            updates,
            "sent",
            provider,
            null,
            null,
            MessageStore.event(
                "email.sent",
                message.id(),
                message.tenant(),
                base(message).put("provider", provider).put("recipients", accepted)));
      }
      case REJECTED -> {
        if (result.recipients().isEmpty()) {
          pending.forEach(
              r -> updates.add(new RecipientUpdate(r.position(), "failed", result.replyText())));
        }
        yield failed(message, end, updates, result.replyText());
      }
      case UNKNOWN -> later(message, end, pending, updates, result.replyText(), true);
      default -> later(message, end, pending, updates, result.replyText(), false);
    };
  }

  /** Deferred with backoff, or failed once the attempts are used up. */
  private Settlement later(
      ClaimedMessage message,
      AttemptEnd end,
      List<Recipient> pending,
      List<RecipientUpdate> updates,
      String why,
      boolean unknownOutcome) {
    if (message.attempts() >= settings.maxAttempts()) {
      List<RecipientUpdate> all = new ArrayList<>(updates);
      for (Recipient recipient : pending) {
        if (all.stream().noneMatch(u -> u.position() == recipient.position())
            || all.stream()
                .anyMatch(
                    u -> u.position() == recipient.position() && u.status().equals("queued"))) {
          all.removeIf(u -> u.position() == recipient.position());
          all.add(new RecipientUpdate(recipient.position(), "failed", why));
        }
      }
      return failed(message, end, all, "gave up after " + message.attempts() + " tries: " + why);
    }
    long delay = settings.backoffMs(message.attempts(), ThreadLocalRandom.current().nextDouble());
    if (unknownOutcome) {
      delay = Math.max(delay, settings.unknownRetryMs());
    }
    return new Settlement(
        message.id(),
        message.tenant(),
        message.content().metadata(),
        owner,
        end,
        updates,
        "deferred",
        null,
        Instant.now().plusMillis(delay).truncatedTo(ChronoUnit.MICROS),
        why,
        null);
  }

  private Settlement failed(
      ClaimedMessage message, AttemptEnd end, List<RecipientUpdate> updates, String why) {
    return new Settlement(
        message.id(),
        message.tenant(),
        message.content().metadata(),
        owner,
        end,
        updates,
        "failed",
        null,
        null,
        why,
        MessageStore.event(
            "email.failed", message.id(), message.tenant(), base(message).put("reason", why)));
  }

  private static JsonObject base(ClaimedMessage message) {
    return MessageStore.base(message.id(), message.content().metadata());
  }

  private static Recipient byAddress(List<Recipient> pending, String address) {
    return pending.stream()
        .filter(r -> r.address().equalsIgnoreCase(address))
        .findFirst()
        .orElse(null);
  }
}
