package app.lightweight.wallets;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code wallets.transfer} on the event bus: a payment between two users' wallets, answered with
 * the payment or a refusal (see the contract's description).
 */
public final class TransferBus {
  public static final String TRANSFER = "wallets.transfer";
  private static final Logger LOG = LoggerFactory.getLogger(TransferBus.class);

  private final Payments payments;

  public TransferBus(Payments payments) {
    this.payments = payments;
  }

  public void onTransfer(Message<Object> message) {
    if (!(message.body() instanceof JsonObject body)) {
      message.reply(Refusal.invalid("send a JSON object").busReply());
      return;
    }
    payments
        .pay(Payment.fromJson(body))
        .onSuccess(
            accepted ->
                message.reply(
                    new JsonObject()
                        .put("status", "completed")
                        .put("replayed", accepted.replayed())
                        .put("transfer", Payment.json(accepted.transfers()))))
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
