package app.lightweight.wallets.ledger;

import app.lightweight.shared.events.DomainEvent;
import java.util.List;
import java.util.function.Function;

/**
 * What one caller asks the ledger to do atomically: its legs all happen, or none does.
 *
 * @param id the caller's transfer id, the idempotency key (the first leg's id)
 * @param requestHash the fingerprint of the caller's request: a replay must match it
 * @param events the outbox events of the posting once its transfers exist
 */
public record Posting(
    String id,
    String requestHash,
    List<Leg> legs,
    Function<List<Transfer>, List<DomainEvent>> events) {

  public Posting {
    legs = List.copyOf(legs);
    if (legs.isEmpty() || !legs.get(0).id().equals(id)) {
      throw new IllegalArgumentException("a posting's first leg carries its id");
    }
  }
}
