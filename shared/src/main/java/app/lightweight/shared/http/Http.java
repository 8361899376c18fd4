package app.lightweight.shared.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes successful answers. Under a pending Idempotency-Key every one of them (a body, a 204, a
 * 304) is handed to {@link Idempotency}, which stores it in the request's transaction and writes it
 * after the commit; a route must not end such a response by itself.
 */
public final class Http {
  private Http() {}

  public static void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, "application/json", body.toBuffer());
  }

  public static void send(RoutingContext ctx, int status, String contentType, Buffer body) {
    Idempotency.Pending pending = ctx.get(Idempotency.PENDING);
    if (pending != null && pending.answer(ctx, status, contentType, body)) {
      return; // written by Idempotency once the answer is committed with the change
    }
    write(ctx, status, contentType, body);
  }

  public static void noContent(RoutingContext ctx) {
    send(ctx, 204, null, null);
  }

  public static void notModified(RoutingContext ctx) {
    send(ctx, 304, null, null);
  }

  static void write(RoutingContext ctx, int status, String contentType, Buffer body) {
    ctx.response().setStatusCode(status);
    if (contentType != null) {
      ctx.response().putHeader("Content-Type", contentType);
    }
    if (body == null) {
      ctx.response().end();
    } else {
      ctx.response().end(body);
    }
  }
}
