package app.lightweight.wallets;

import app.lightweight.wallets.ledger.LedgerStore;
import app.lightweight.wallets.ledger.Transfer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus addresses of payments (see the contract's description):
 *
 * <ul>
 *   <li>{@code wallets.transfer}: a payment between two users' wallets, answered with the payment
 *       or a refusal;
 *   <li>{@code wallets.transfers.get}: {@code {"id"}} → the payment posted with that transfer id,
 *       in the same reply as a transfer's replay, or fails 404 (none) / 400 (no id), so that a
 *       caller that lost an answer can learn whether the money moved without moving it.
 * </ul>
 */
public final class TransferBus {
  public static final String TRANSFER = "wallets.transfer";
  public static final String GET = "wallets.transfers.get";
  private static final Logger LOG = LoggerFactory.getLogger(TransferBus.class);

  private final Payments payments;
  private final LedgerStore ledger;

  public TransferBus(Payments payments, LedgerStore ledger) {
    this.payments = payments;
    this.ledger = ledger;
  }

  public void onGet(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)
        || !(body.getValue("id") instanceof String id)
        || id.isBlank()) {
      message.fail(400, "send {\"id\": <transfer id>}");
      return;
    }
    ledger
        .transfer(id)
        .onSuccess(
            transfers -> {
              if (transfers.isEmpty()) {
                message.fail(404, "no transfer " + id);
              } else {
                message.reply(completed(transfers, true));
              }
            })
        .onFailure(
            failure -> {
              LOG.warn("{} failed: {}", GET, failure.toString());
              message.fail(503, "wallets cannot answer now: " + failure.getMessage());
            });
  }

  private static JsonObject completed(List<Transfer> transfers, boolean replayed) {
    return new JsonObject()
        .put("status", "completed")
        .put("replayed", replayed)
        .put("transfer", Payment.json(transfers));
  }

  public void onTransfer(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.reply(Refusal.invalid("send a JSON object").busReply());
      return;
    }
    payments
        .pay(Payment.fromJson(body))
        .onSuccess(accepted -> message.reply(completed(accepted.transfers(), accepted.replayed())))
        .onFailure(
            failure -> {
              if (failure instanceof Refusal.Refused refused) {
                message.reply(refused.refusal().busReply());
              } else {
                LOG.warn("{} failed: {}", TRANSFER, failure.toString());
                message.fail(503, "wallets cannot answer now: " + failure.getMessage());
              }
            });
  }
}
