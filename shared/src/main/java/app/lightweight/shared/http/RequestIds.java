package app.lightweight.shared.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Propagates {@code X-Request-Id}: taken from the request when it has the safe form (1 to 64 of
 * {@code A-Z a-z 0-9 . _ -}), else made up, so a caller cannot forge log lines through it. Every
 * response also says {@code X-Content-Type-Options: nosniff}: a stored image or PDF is never read
 * by a browser as something else.
 */
public final class RequestIds implements PlatformHandler {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String id = accepted(ctx.request().getHeader(HEADER));
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id).putHeader("X-Content-Type-Options", "nosniff");
    ctx.next();
  }

  /** The incoming id if it has the safe form, else a new one. */
  static String accepted(String incoming) {
    return incoming != null && SAFE.matcher(incoming).matches()
        ? incoming
        : UUID.randomUUID().toString();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
