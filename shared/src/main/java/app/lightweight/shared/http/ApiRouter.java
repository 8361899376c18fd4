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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Builds a service's HTTP router: request ids, a bounded body, bearer authentication (except for
 * public paths), validation of every request against the service's OpenAPI document, the
 * operations' handlers, and problem+json for every failure.
 */
public final class ApiRouter {
  private final String contractResource;
  private long bodyLimitBytes = 512 * 1024;
  private BearerAuth auth;
  private Predicate<String> isPublic = path -> false;
  private Consumer<Router> unauthenticatedRoutes = root -> {};
  private final List<Consumer<RouterBuilder>> operations = new ArrayList<>();

  private ApiRouter(String contractResource) {
    this.contractResource = contractResource;
  }

  /**
   * A router for the operations of a contract, e.g. {@code
   * ApiRouter.forContract("users/openapi.yaml") .auth(auth).operations(routes::bind).build(vertx)}.
   *
   * @param contractResource classpath resource of the OpenAPI document
   */
  public static ApiRouter forContract(String contractResource) {
    return new ApiRouter(contractResource);
  }

  /** Larger bodies are answered 413 (default 512 KiB). */
  public ApiRouter bodyLimit(long bytes) {
    this.bodyLimitBytes = bytes;
    return this;
  }

  /** Verifies the bearer token of every request to a path that is not public. Required. */
  public ApiRouter auth(BearerAuth auth) {
    this.auth = auth;
    return this;
  }

  /** Paths served without a token (none by default). */
  public ApiRouter publicPaths(Predicate<String> isPublic) {
    this.isPublic = isPublic;
    return this;
  }

  /** Routes outside the contract and without a token, such as health and metrics. */
  public ApiRouter unauthenticatedRoutes(Consumer<Router> routes) {
    this.unauthenticatedRoutes = routes;
    return this;
  }

  /** Binds handlers to operation ids, e.g. {@code routes::bind}; may be given several times. */
  @SafeVarargs
  public final ApiRouter operations(Consumer<RouterBuilder>... binders) {
    operations.addAll(List.of(binders));
    return this;
  }

  public Future<Router> build(Vertx vertx) {
    Objects.requireNonNull(auth, "auth");
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
              operations.forEach(bind -> bind.accept(builder));
              Router api = builder.createRouter();
              api.route().failureHandler(Problems::handle);
              Router root = Router.router(vertx);
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
