package app.lightweight.shared.http;

import app.lightweight.shared.auth.BearerAuth;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds a service's HTTP router: request ids, a bounded body, bearer authentication (except for
 * public paths), validation of every request against the service's OpenAPI document, the
 * operations' handlers, and problem+json for every failure.
 */
public final class ApiRouter {
  private ApiRouter() {}

  /**
   * @param contractResource classpath resource of the OpenAPI document, e.g. {@code
   *     users/openapi.yaml}
   * @param bodyLimitBytes larger bodies are answered 413
   * @param isPublic paths served without a token
   * @param unauthenticatedRoutes routes outside the contract, such as health and metrics
   * @param operations binds handlers to operation ids
   */
  public static Future<Router> create(
      Vertx vertx,
      String contractResource,
      long bodyLimitBytes,
      BearerAuth auth,
      Predicate<String> isPublic,
      Consumer<Router> unauthenticatedRoutes,
      Consumer<RouterBuilder> operations) {
    return Contract.load(vertx, contractResource)
        .map(
            contract -> {
              RouterBuilder builder =
                  RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
              builder.rootHandler(
                  BodyHandler.create(false)
                      .setBodyLimit(bodyLimitBytes)
                      .setHandleFileUploads(false));
              builder.rootHandler(
                  ctx -> {
                    if (isPublic.test(ctx.request().path())) {
                      ctx.next();
                    } else {
                      auth.handler().handle(ctx);
                    }
                  });
              builder.rootHandler(ApiRouter::encodeQueryAgainForTheValidator);
              operations.accept(builder);
              Router api = builder.createRouter();
              api.route().failureHandler(Problems::handle);
              Router root = Router.router(vertx);
              root.route().handler(UncaughtFailures::track);
              root.route().handler(new RequestIds());
              root.route().failureHandler(Problems::handle);
              root.errorHandler(
                  404, ctx -> Problems.send(ctx, Problem.notFound("no such resource")));
              root.errorHandler(
                  405,
                  ctx ->
                      Problems.send(
                          ctx, Problem.of(405, "method-not-allowed", "Method not allowed", null)));
              unauthenticatedRoutes.accept(root);
              root.route("/*").subRouter(api);
              return root;
            });
  }

  /**
   * vertx-openapi 5.0.7 URL-decodes query values that Vert.x has already decoded
   * (eclipse-vertx/vertx-openapi#117): a search for {@code 100%} failed with 400 and {@code a+b}
   * became {@code a b}. Encoding the values once more, in the map only its validator reads, makes
   * it see them as sent; handlers read {@code ctx.queryParams()}, decoded once from the raw query.
   */
  private static void encodeQueryAgainForTheValidator(RoutingContext ctx) {
    MultiMap params = ctx.request().params();
    if (!params.isEmpty()) {
      List<Map.Entry<String, String>> decoded = List.copyOf(params.entries());
      params.clear();
      decoded.forEach(
          entry ->
              params.add(
                  entry.getKey(), URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)));
    }
    ctx.next();
  }
}
