package app.lightweight.gateway.pages;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The built Angular app: files from the web root, {@code index.html} for any other path without a
 * file extension (the app's own routes), hashed assets cached for a year, {@code index.html}
 * revalidated every time. Without a built app, a page says how to build it.
 */
public final class WebApp {
  /** Angular's output hashing: {@code main-ABCD1234.js}, {@code chunk-XY12AB34.js}. */
  private static final Pattern HASHED = Pattern.compile(".*-[A-Za-z0-9]{8,}\\.[A-Za-z0-9]+$");

  private static final Pattern HAS_EXTENSION = Pattern.compile(".*/[^/]*\\.[^/]*$");
  private static final String NOT_BUILT =
      "The web app is not built yet. Build it with <code>cd web &amp;&amp; npm ci &amp;&amp;"
          + " npm run build</code> (or run <code>./lightweight start</code>), then reload."
          + " The API is at <code>/api/…</code>.";

  private final Vertx vertx;
  private final Path root;
  private final String index;

  public WebApp(Vertx vertx, String webRoot) {
    this.vertx = vertx;
    this.root = Path.of(webRoot).toAbsolutePath().normalize();
    this.index = root.resolve("index.html").toString();
  }

  public void mount(Router router) {
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::cacheHeaders);
    router
        .route()
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(
            StaticHandler.create(FileSystemAccess.ROOT, root.toString())
                .setCachingEnabled(false)
                .setDirectoryListing(false)
                .setIncludeHidden(false)
                .setDefaultContentEncoding("UTF-8")
                .setIndexPage("index.html"));
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::appRoute);
  }

  private void cacheHeaders(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    ctx.response()
        .putHeader(
            "Cache-Control",
            HASHED.matcher(path).matches() ? "public, max-age=31536000, immutable" : "no-cache");
    ctx.next();
  }

  private void appRoute(RoutingContext ctx) {
    if (HAS_EXTENSION.matcher(ctx.normalizedPath()).matches()) {
      ctx.next(); // a missing file is a 404, not the app
      return;
    }
    vertx
        .fileSystem()
        .exists(index)
        .onSuccess(
            built -> {
              if (!built) {
                ErrorPages.send(ctx, 503, "Lightweight", NOT_BUILT);
                return;
              }
              ctx.response()
                  .putHeader("Cache-Control", "no-cache")
                  .putHeader("Content-Type", "text/html; charset=utf-8")
                  .sendFile(index)
                  .onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }
}
