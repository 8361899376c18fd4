package app.lightweight.wallets.ledger;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Group commit: postings that arrive while earlier batches are being written wait in a queue and go
 * to the database together, as one batch in one transaction (one commit, one fsync, each account
 * row locked once). Every ledger rule still holds per posting: the store decides each one in order
 * against the locked balances. Runs on one Vert.x context; at most {@code inFlight} batches are
 * written at a time, each of at most {@code maxBatch} postings.
 *
 * <p>Batches written at the same time share no wallet and no transfer id: a posting whose wallet
 * (or id) is in a batch being written waits for the next batch, and so does every later posting
 * that touches what it touches, so postings of one wallet keep their order. This is for speed, not
 * for the rules (the store's row locks keep those): a batch that met a wallet of another batch in
 * flight would wait for that batch's commit while holding its own locks. What batches in flight do
 * share is the revenue account, which the store moves last, right before the commit.
 *
 * <p>When a batch is answered, the next one waits (1 ms at most) until most of its senders have
 * sent again: otherwise it starts with the postings that waited behind it, the senders just
 * answered wait a whole commit for the batch after, and closed-loop callers split into two cohorts
 * that take turns (64 callers went 32 at a time; measured with {@code bench/wallets}).
 */
public final class GroupCommit {
  private record Waiting(Posting posting, Promise<Outcome> outcome) {}

  /** How far past a waiting posting a batch looks for postings it can take. */
  private static final int LOOK_AHEAD = 4;

  /** How long the next batch waits at most for the senders of the one just answered. */
  private static final long REGATHER_MS = 1;

  private final LedgerStore store;
  private final Context context;
  private final int maxBatch;
  private final int inFlight;
  private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
  private final Map<String, Integer> busy = new HashMap<>();
  private int writing;
  private int deciding;
  private int regathering;
  private long regatherTimer = -1;

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

  /**
   * What a batch in flight holds: the posting's id and its wallets (not the platform's accounts).
   */
  private static Set<String> keys(Posting posting) {
    Set<String> keys = new HashSet<>();
    keys.add("transfer " + posting.id());
    for (Leg leg : posting.legs()) {
      for (Account account : List.of(leg.debit(), leg.credit())) {
        if (account.kind() == Account.Kind.WALLET) {
          keys.add(account.id());
        }
      }
    }
    return keys;
  }

  /**
   * Starts a batch when one may be written and none is being decided: a batch is read and decided
   * while the ones before it commit, and takes everything that came meanwhile (a batch started at
   * each arrival would be of one posting).
   */
  private void drain() {
    if (regathering > 0 && queue.size() < regathering && !queue.isEmpty()) {
      if (regatherTimer < 0) {
        regatherTimer =
            context
                .owner()
                .setTimer(
                    REGATHER_MS,
                    tick -> {
                      regatherTimer = -1;
                      regathering = 0;
                      drain();
                    });
      }
      return;
    }
    regathering = 0;
    if (regatherTimer >= 0) {
      context.owner().cancelTimer(regatherTimer);
      regatherTimer = -1;
    }
    while (writing < inFlight && deciding == 0 && !queue.isEmpty()) {
      List<Waiting> batch = new ArrayList<>();
      Set<String> held = new HashSet<>();
      Set<String> blocked = new HashSet<>();
      int scan = maxBatch * LOOK_AHEAD;
      for (Iterator<Waiting> it = queue.iterator();
          it.hasNext() && batch.size() < maxBatch && scan-- > 0; ) {
        Waiting waiting = it.next();
        Set<String> keys = keys(waiting.posting());
        if (keys.stream().anyMatch(key -> busy.containsKey(key) || blocked.contains(key))) {
          blocked.addAll(keys);
          continue;
        }
        it.remove();
        batch.add(waiting);
        held.addAll(keys);
      }
      if (batch.isEmpty()) {
        return; // everything waiting touches a batch in flight: its completion drains again
      }
      held.forEach(key -> busy.merge(key, 1, Integer::sum));
      writing++;
      deciding++;
      boolean[] stillDeciding = {true};
      Runnable decided =
          () ->
              onContext(
                  () -> {
                    if (stillDeciding[0]) {
                      stillDeciding[0] = false;
                      deciding--;
                      drain();
                    }
                  });
      write(batch, decided)
          .onComplete(
              done ->
                  onContext(
                      () -> {
                        held.forEach(
                            key -> busy.computeIfPresent(key, (k, n) -> n == 1 ? null : n - 1));
                        writing--;
                        if (stillDeciding[0]) {
                          stillDeciding[0] = false;
                          deciding--;
                        }
                        // its senders are about to send again: let them come back (1 ms at most)
                        regathering =
                            Math.min(
                                maxBatch,
                                Math.max(regathering, queue.size() + batch.size() * 3 / 4));
                        drain();
                      }));
    }
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Writes a batch and completes its postings' outcomes. */
  private Future<Void> write(List<Waiting> batch, Runnable decided) {
    return store
        .post(batch.stream().map(Waiting::posting).toList(), decided)
        .transform(
            done -> {
              if (done.failed() && batch.size() > 1) {
                // one posting the database refuses must not fail the others with it
                List<Future<Outcome>> alone = new ArrayList<>();
                for (Waiting one : batch) {
                  Future<Outcome> outcome =
                      store.post(List.of(one.posting())).map(outcomes -> outcomes.get(0));
                  outcome.onComplete(one.outcome());
                  alone.add(outcome);
                }
                return Future.join(alone).<Void>mapEmpty().otherwiseEmpty();
              }
              for (int i = 0; i < batch.size(); i++) {
                if (done.succeeded()) {
                  batch.get(i).outcome().complete(done.result().get(i));
                } else {
                  batch.get(i).outcome().fail(done.cause());
                }
              }
              return Future.succeededFuture();
            });
  }
}
