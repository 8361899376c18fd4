package app.lightweight.invoices.payments;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Optional;

/**
 * What the invoices service asks the wallets service, over the event bus (shapes and failure codes:
 * the wallets README):
 *
 * <ul>
 *   <li>{@code wallets.transfer}: pay; answers {@code {"status": "completed", "transfer"}} or
 *       {@code {"status": "refused", "reason", …}};
 *   <li>{@code wallets.transfers.get} {@code {"id"}}: whether a transfer exists, moving nothing.
 * </ul>
 *
 * Each request is bounded by the pay timeout: a wallets service that is absent fails at once
 * ({@link ReplyFailure#NO_HANDLERS}), one that does not answer fails after the timeout.
 */
final class WalletsBus {
  static final String TRANSFER = "wallets.transfer";
  static final String GET = "wallets.transfers.get";

  private final Vertx vertx;
  private final DeliveryOptions options;

  WalletsBus(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.options = new DeliveryOptions().setSendTimeout(timeout.toMillis());
  }

  /** The wallets service's reply; fails with the bus's {@link ReplyException}. */
  Future<JsonObject> transfer(JsonObject request) {
    return vertx.eventBus().<JsonObject>request(TRANSFER, request, options).map(Message::body);
  }

  /** The payment of {@code transferId}, or empty when the wallets service has none. */
  Future<Optional<JsonObject>> find(String transferId) {
    return vertx
        .eventBus()
        .<JsonObject>request(GET, new JsonObject().put("id", transferId), options)
        .map(reply -> Optional.of(reply.body().getJsonObject("transfer")))
        .recover(
            failure ->
                failure instanceof ReplyException reply
                        && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
                        && reply.failureCode() == 404
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(failure));
  }

  /** True when the request certainly never reached the wallets service (so nothing moved). */
  static boolean neverDelivered(Throwable failure) {
    return failure instanceof ReplyException reply
        && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }
}
