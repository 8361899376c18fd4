package app.lightweight.email.delivery;

import io.vertx.core.Future;

/** A way out for mail (an SMTP relay today; an HTTP API could be another). */
public interface Provider {
  String name();

  /**
   * Sends one message, bounded in time. The future always succeeds with what happened; it never
   * fails, so the caller decides about failover from the outcome alone.
   */
  Future<SendResult> send(Delivery delivery);

  /** Connects, greets, authenticates and NOOPs: succeeds only when real mail may go again. */
  Future<Void> probe();

  Future<Void> close();
}
