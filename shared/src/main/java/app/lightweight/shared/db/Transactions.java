package app.lightweight.shared.db;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.TransactionPropagation;
import io.vertx.sqlclient.impl.TransactionPropagationLocal;

/**
 * The transaction a request already runs in. A request with an {@code Idempotency-Key} runs in one
 * transaction that also claims the key and stores the answer; stores join it with {@code
 * pool.withTransaction(TransactionPropagation.CONTEXT, …)}, or with {@link #client} for a single
 * statement, so that a key and the change it guards commit (or vanish) together.
 */
public final class Transactions {
  public static final TransactionPropagation JOIN = TransactionPropagation.CONTEXT;

  private Transactions() {}

  /**
   * The request's transaction if it runs in one, else the pool. Reads inside such a request go
   * through it too: a second connection per request could starve the pool.
   */
  public static SqlClient client(Pool pool) {
    Context context = Vertx.currentContext();
    SqlConnection current =
        context == null ? null : context.getLocal(TransactionPropagationLocal.KEY);
    return current != null ? current : pool;
  }
}
