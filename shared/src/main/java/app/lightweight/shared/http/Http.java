package app.lightweight.shared.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes successful answers; a pending Idempotency-Key is completed with the same answer. */
public final class Http {
  private Http() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, "application/json", body.toBuffer());
  }

  public static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    Idempotency.Pending pending = ctx.get(Idempotency.PENDING);
    if (pending == null) {
      write(ctx, status, contentType, body);
      return;
    }
    pending
        .complete(status, contentType, body, ctx.response().headers().get("Location"))
        .onSuccess(v -> write(ctx, status, contentType, body))
        .onFailure(ctx::fail);
  }

  static void write(RoutingContext ctx, int status, String contentType, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", contentType).end(body);
  }

  public static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }
}
