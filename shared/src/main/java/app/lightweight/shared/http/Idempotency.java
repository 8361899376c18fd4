package app.lightweight.shared.http;

import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.db.Transactions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code Idempotency-Key} for creating requests. The first request with a key runs and its answer
 * is kept; a replay with the same body gets that answer again ({@code Idempotent-Replayed: true},
 * with the first answer's {@code Location} and {@code ETag}); the same key with a different body is
 * a 422. Keys are per tenant and kept for at least 24 hours.
 *
 * <p>The request runs in one database transaction that claims the key, makes the change (stores
 * join it, see {@link Transactions}) and stores the answer, so they commit together: a crash or a
 * lost connection rolls all of them back and a retry runs the operation, never a key stuck "in
 * progress". A duplicate sent while the first runs waits on the key's row and then replays the
 * committed answer (or runs, if the first failed). A first request that fails leaves no key.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  static final String PENDING = "idempotency.pending";

  /** Waits for a concurrent first request with the same key to commit or roll back. */
  private static final String CLAIM =
      """
      insert into idempotency_keys (tenant, key, request_hash) values ($1, $2, $3)
      on conflict (tenant, key) do nothing returning key
      """;

  private static final String FIND =
      "select request_hash, status, content_type, body, location, etag from idempotency_keys"
          + " where tenant = $1 and key = $2";
  private static final String COMPLETE =
      "update idempotency_keys set status = $3, content_type = $4, body = $5, location = $6,"
          + " etag = $7 where tenant = $1 and key = $2";
  private static final String FORGET_OLD =
      "delete from idempotency_keys where created_at < now() - interval '48 hours'";

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Route handler for a creating POST, placed after authentication and body handling. */
  public Handler<RoutingContext> handler() {
    return this::handle;
  }

  public Future<Void> forgetOld() {
    return pool.query(FORGET_OLD).execute().mapEmpty();
  }

  private void handle(RoutingContext ctx) {
    String key = ctx.request().getHeader(HEADER);
    if (key == null) {
      ctx.next();
      return;
    }
    if (key.isBlank() || key.length() > 255) {
      Problems.send(ctx, Problem.validation("header " + HEADER, "must be 1 to 255 characters"));
      return;
    }
    String tenant = Caller.of(ctx).subject();
    String hash = hash(ctx);
    pool.withTransaction(
            Transactions.JOIN,
            tx ->
                tx.preparedQuery(CLAIM)
                    .execute(Tuple.of(tenant, key, hash))
                    .compose(
                        claimed ->
                            claimed.rowCount() == 1
                                ? runFirst(ctx, tx, tenant, key)
                                : tx.preparedQuery(FIND)
                                    .execute(Tuple.of(tenant, key))
                                    .map(rows -> replayOf(rows.iterator().next(), hash))))
        .onSuccess(answer -> answer.writeTo(ctx))
        .onFailure(
            failure -> {
              if (!ctx.response().ended()) {
                ctx.fail(failure);
              }
            });
  }

  /** Lets the route run in the transaction; its answer is stored before the commit. */
  private static Future<Answer> runFirst(
      RoutingContext ctx, SqlConnection tx, String tenant, String key) {
    Pending pending = new Pending();
    ctx.put(PENDING, pending);
    // a route that failed (problem+json) or ended the response without Http: roll back
    ctx.addEndHandler(
        ended -> pending.answer.tryFail(new IllegalStateException("answered without Http")));
    ctx.next();
    return pending
        .answer
        .future()
        .compose(
            answer ->
                tx.preparedQuery(COMPLETE)
                    .execute(
                        Tuple.from(
                            new Object[] {
                              tenant,
                              key,
                              answer.status(),
                              answer.contentType(),
                              answer.body(),
                              answer.location(),
                              answer.etag()
                            }))
                    .map(answer));
  }

  private static Answer replayOf(Row first, String hash) {
    if (!first.getString("request_hash").equals(hash)) {
      throw Problem.of(
              422,
              "idempotency-key-reused",
              "Idempotency-Key reused",
              "this Idempotency-Key was used with a different request")
          .exception();
    }
    return new Answer(
        first.getInteger("status"),
        first.getString("content_type"),
        first.getBuffer("body"),
        first.getString("location"),
        first.getString("etag"),
        true);
  }

  private static String hash(RoutingContext ctx) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(ctx.request().method().name().getBytes(StandardCharsets.UTF_8));
      digest.update(ctx.request().path().getBytes(StandardCharsets.UTF_8));
      if (ctx.body() != null && ctx.body().buffer() != null) {
        digest.update(ctx.body().buffer().getBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /** An answer as it is stored and replayed; {@code contentType} and {@code body} may be null. */
  record Answer(
      int status, String contentType, Buffer body, String location, String etag, boolean replayed) {

    void writeTo(RoutingContext ctx) {
      if (location != null) {
        ctx.response().putHeader("Location", location);
      }
      if (etag != null) {
        ctx.response().putHeader("ETag", etag);
      }
      if (replayed) {
        ctx.response().putHeader("Idempotent-Replayed", "true");
      }
      Http.write(ctx, status, contentType, body);
    }
  }

  /** A claimed key waiting for the route's answer (given through {@link Http}). */
  static final class Pending {
    private final Promise<Answer> answer = Promise.promise();

    /**
     * @return false when the request was already answered otherwise
     */
    boolean answer(RoutingContext ctx, int status, String contentType, Buffer body) {
      var headers = ctx.response().headers();
      return answer.tryComplete(
          new Answer(
              status, contentType, body, headers.get("Location"), headers.get("ETag"), false));
    }
  }
}
