package app.lightweight.wallets;

import app.lightweight.wallets.ledger.GroupCommit;
import app.lightweight.wallets.ledger.Outcome;
import app.lightweight.wallets.ledger.Outcome.Accepted;
import io.vertx.core.Future;

/** Paying from a wallet: the rules first, then the ledger (through group commit). */
public final class Payments {
  private final GroupCommit ledger;
  private final ServiceCharges charges;
  private final long maxAmount;

  public Payments(GroupCommit ledger, ServiceCharges charges, long maxAmount) {
    this.ledger = ledger;
    this.charges = charges;
    this.maxAmount = maxAmount;
  }

  /** The payment posted (or posted before); fails with {@link Refusal.Refused}. */
  public Future<Accepted> pay(Payment payment) {
    Refusal broken = payment.check(maxAmount);
    if (broken != null) {
      return Future.failedFuture(broken.exception());
    }
    return ledger
        .post(payment.posting(charges.of(payment.currency())))
        .map(
            outcome -> {
              if (outcome instanceof Accepted accepted) {
                return accepted;
              }
              if (outcome instanceof Outcome.Refused refused) {
                throw Refusal.insufficientFunds(refused.shortfall(), payment.currency())
                    .exception();
              }
              throw Refusal.reused(outcome.id()).exception();
            });
  }
}
