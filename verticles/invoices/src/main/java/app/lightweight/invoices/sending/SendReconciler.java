package app.lightweight.invoices.sending;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends whose email events were never heard (this service was down while the email service
 * published them; bus events are not kept): the email service is asked about each one's message
 * ({@code email.get}) and what it knows goes on the send and the invoice's timeline, so no send
 * stays {@code queued} or {@code sent} after its email was delivered, bounced or failed.
 */
public final class SendReconciler {
  public static final String EMAIL_GET = "email.get";
  private static final Logger LOG = LoggerFactory.getLogger(SendReconciler.class);
  private static final int BATCH = 100;

  /** What a message's status means for its send: the steps to record, in order. */
  private static final Map<String, List<String>> STEPS =
      Map.of(
          "sent", List.of("sent"),
          "delivered", List.of("sent", "delivered"),
          "complained", List.of("sent", "delivered"),
          "bounced", List.of("sent", "bounced"),
          "failed", List.of("failed"));

  private final Vertx vertx;
  private final SendStore sends;
  private final SendSettings settings;
  private boolean running;

  public SendReconciler(Vertx vertx, SendStore sends, SendSettings settings) {
    this.vertx = vertx;
    this.sends = sends;
    this.settings = settings;
  }

  /**
   * Looks at the sends that have been quiet for the reconcile period; the count looked at (0 while
   * an earlier look still runs).
   */
  public Future<Integer> reconcile() {
    if (running) {
      return Future.succeededFuture(0);
    }
    running = true;
    return sends
        .unsettled(settings.reconcileAfterMs() / 1_000, BATCH)
        .compose(
            found -> {
              Future<Void> chain = Future.succeededFuture();
              for (SendStore.Unsettled send : found) {
                chain = chain.compose(v -> settle(send).otherwiseEmpty());
              }
              return chain.map(found.size());
            })
        .andThen(done -> running = false);
  }

  private Future<Void> settle(SendStore.Unsettled send) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            EMAIL_GET,
            new JsonObject().put("tenant", send.tenant()).put("id", send.emailId()),
            new DeliveryOptions().setSendTimeout(settings.replyTimeoutMs()))
        .map(Message::body)
        .compose(message -> record(send, message))
        .onFailure(
            failure -> LOG.info("send {} not reconciled yet: {}", send.id(), failure.getMessage()))
        // looked at either way: it waits a quiet period before the next look, so sends the email
        // service cannot answer about never crowd out the others
        .eventually(() -> sends.touch(send.id()));
  }

  private Future<Void> record(SendStore.Unsettled send, JsonObject message) {
    List<String> steps = STEPS.getOrDefault(message.getString("status"), List.of());
    JsonObject recipient = firstRecipient(message);
    String address = recipient == null ? null : recipient.getString("address");
    String detail = recipient == null ? null : recipient.getString("detail");
    Future<Boolean> chain = Future.succeededFuture(false);
    for (String step : steps) {
      if (step.equals(send.status())) {
        continue; // heard already
      }
      // one id per message and step: a second reconciling (another instance) records nothing new
      String eventId = "reconciled:" + send.emailId() + ":" + step;
      chain =
          chain.compose(
              v ->
                  sends.report(
                      send.tenant(),
                      send.id(),
                      send.emailId(),
                      step,
                      Instant.now(),
                      address,
                      step.equals("sent") ? null : detail,
                      eventId));
    }
    return chain.mapEmpty();
  }

  private static JsonObject firstRecipient(JsonObject message) {
    return message.getValue("recipients") instanceof JsonArray all
            && !all.isEmpty()
            && all.getValue(0) instanceof JsonObject first
        ? first
        : null;
  }
}
