package app.lightweight.gateway.pages;

import io.vertx.ext.web.RoutingContext;

/** The few pages the gateway writes itself: a sign-in that failed, a web app not built yet. */
public final class ErrorPages {
  private ErrorPages() {}

  public static void send(RoutingContext ctx, int status, String title, String message) {
    if (status == 503) {
      ctx.response().putHeader("Retry-After", "5");
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(page(title, message));
  }

  static String page(String title, String message) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + escape(title)
        + " · Lightweight</title></head>"
        + "<body style=\"font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto;"
        + " padding: 0 1rem; line-height: 1.5\"><h1>"
        + escape(title)
        + "</h1><p>"
        + message
        + "</p></body></html>";
  }

  public static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
