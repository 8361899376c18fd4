package app.lightweight.wallets.ledger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit: postings that arrive while earlier batches are being written wait in a queue and go
 * to the database together, as one batch in one transaction (one commit, one fsync, each account
 * row locked once). Every ledger rule still holds per posting: the store decides each one in order
 * against the locked balances. Runs on one Vert.x context; at most {@code inFlight} batches are
 * written at a time, each of at most {@code maxBatch} postings.
 */
public final class GroupCommit {
  private record Waiting(Posting posting, Promise<Outcome> outcome) {}

  private final LedgerStore store;
  private final Context context;
  private final int maxBatch;
  private final int inFlight;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private int writing;

  public GroupCommit(LedgerStore store, Context context, int maxBatch, int inFlight) {
    this.store = store;
    this.context = context;
    this.maxBatch = maxBatch;
    this.inFlight = inFlight;
  }

  public Future<Outcome> post(Posting posting) {
    Promise<Outcome> outcome = Promise.promise();
    context.runOnContext(
        v -> {
          queue.add(new Waiting(posting, outcome));
          drain();
        });
    return outcome.future();
  }

  private void drain() {
    while (writing < inFlight && !queue.isEmpty()) {
      List<Waiting> batch = new ArrayList<>();
      while (batch.size() < maxBatch && !queue.isEmpty()) {
        batch.add(queue.poll());
      }
      writing++;
      store
          .post(batch.stream().map(Waiting::posting).toList())
          .onComplete(
              done -> {
                writing--;
                if (done.failed() && batch.size() > 1) {
                  // one posting the database refuses must not fail the others with it
                  batch.forEach(
                      one ->
                          store
                              .post(List.of(one.posting()))
                              .map(outcomes -> outcomes.get(0))
                              .onComplete(one.outcome()));
                  drain();
                  return;
                }
                for (int i = 0; i < batch.size(); i++) {
                  if (done.succeeded()) {
                    batch.get(i).outcome().complete(done.result().get(i));
                  } else {
                    batch.get(i).outcome().fail(done.cause());
                  }
                }
                drain();
              });
    }
  }
}
