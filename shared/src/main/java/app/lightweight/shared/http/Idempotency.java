package app.lightweight.shared.http;

import app.lightweight.shared.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code Idempotency-Key} for creating requests. The first request with a key runs and its answer
 * is kept; a replay with the same body gets that answer again ({@code Idempotent-Replayed: true});
 * the same key with a different body is a 422; a replay while the first is still running is a 409.
 * Keys are per tenant and kept for at least 24 hours. A first request that fails frees its key.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  static final String PENDING = "idempotency.pending";

  private static final String CLAIM =
      """
      insert into idempotency_keys (tenant, key, request_hash) values ($1, $2, $3)
      on conflict (tenant, key) do nothing returning key
      """;
  private static final String FIND =
      "select request_hash, status, content_type, body, location from idempotency_keys"
          + " where tenant = $1 and key = $2";
  private static final String COMPLETE =
      "update idempotency_keys set status = $3, content_type = $4, body = $5, location = $6"
          + " where tenant = $1 and key = $2";
  private static final String RELEASE =
      "delete from idempotency_keys where tenant = $1 and key = $2 and status is null";
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
    pool.preparedQuery(CLAIM)
        .execute(Tuple.of(tenant, key, hash))
        .compose(
            claimed -> {
              if (claimed.rowCount() == 1) {
                Pending pending = new Pending(pool, tenant, key);
                ctx.put(PENDING, pending);
                ctx.addEndHandler(done -> pending.releaseIfIncomplete());
                ctx.next();
                return Future.succeededFuture();
              }
              return pool.preparedQuery(FIND)
                  .execute(Tuple.of(tenant, key))
                  .map(rows -> rows.iterator().next())
                  .onSuccess(first -> replay(ctx, hash, first))
                  .mapEmpty();
            })
        .onFailure(ctx::fail);
  }

  private static void replay(RoutingContext ctx, String hash, Row first) {
    if (!first.getString("request_hash").equals(hash)) {
      Problems.send(
          ctx,
          Problem.of(
              422,
              "idempotency-key-reused",
              "Idempotency-Key reused",
              "this Idempotency-Key was used with a different request"));
      return;
    }
    Integer status = first.getInteger("status");
    if (status == null) {
      Problems.send(
          ctx, Problem.conflict("a request with this Idempotency-Key is still being processed"));
      return;
    }
    if (first.getString("location") != null) {
      ctx.response().putHeader("Location", first.getString("location"));
    }
    ctx.response().putHeader("Idempotent-Replayed", "true");
    Http.write(ctx, status, first.getString("content_type"), first.getBuffer("body"));
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

  /** A claimed key whose first answer is not written yet. */
  static final class Pending {
    private final Pool pool;
    private final String tenant;
    private final String key;
    private boolean completed;

    Pending(Pool pool, String tenant, String key) {
      this.pool = pool;
      this.tenant = tenant;
      this.key = key;
    }

    Future<Void> complete(int status, String contentType, Buffer body, String location) {
      completed = true;
      return pool.preparedQuery(COMPLETE)
          .execute(Tuple.of(tenant, key, status, contentType, body, location))
          .mapEmpty();
    }

    void releaseIfIncomplete() {
      if (!completed) {
        pool.preparedQuery(RELEASE).execute(Tuple.of(tenant, key));
      }
    }
  }
}
