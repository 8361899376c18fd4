package app.lightweight.shared.http;

import app.lightweight.shared.auth.BearerAuth;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a service's HTTP router: request ids, a bounded body, and for each operation of the
 * contract: bearer authentication (unless the contract says {@code security: []}), the check of its
 * text inputs ({@link RequestInputs}), validation against the service's OpenAPI document, and the
 * operation's handlers; problem+json for every failure.
 *
 * <p>Authentication is decided on the route the request matched, never on a prefix of the raw path:
 * the router matches the normalised path, so {@code /api/invoices/public/../customers} is the
 * customers list and needs a token.
 */
public final class ApiRouter {
  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

  private static final int[] ROUTER_ERRORS = {
    400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 431, 500, 501, 502, 503, 504
  };

  private final String contractResource;
  private long bodyLimitBytes = 512 * 1024;
  private BearerAuth auth;
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

  /** Verifies the bearer token of every operation the contract does not make public. Required. */
  public ApiRouter auth(BearerAuth auth) {
    this.auth = auth;
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
              RouterBuilder builder = RouterBuilder.create(vertx, contract, EXTRACTOR);
              builder.rootHandler(
                  BodyHandler.create(false)
                      .setBodyLimit(bodyLimitBytes)
                      .setHandleFileUploads(false));
              builder.rootHandler(ApiRouter::encodeQueryAgainForTheValidator);
              Set<String> validated = new HashSet<>();
              RequestValidator validator = RequestValidator.create(vertx, contract);
              for (OpenAPIRoute route : builder.getRoutes()) {
                Operation operation = route.getOperation();
                route
                    .addHandler(
                        Contract.isPublic(operation) ? RoutingContext::next : auth.handler())
                    .addHandler(RequestInputs.checker(operation))
                    .addHandler(ctx -> validate(ctx, validator, operation, validated));
              }
              operations.forEach(bind -> bind.accept(builder));
              // The router would validate before every handler, so before the token check; the
              // validation runs in the chain above instead, where a binder left it on.
              for (OpenAPIRoute route : builder.getRoutes()) {
                if (route.doValidation()) {
                  validated.add(route.getOperation().getOperationId());
                }
                route.setDoValidation(false);
              }
              Router api = builder.createRouter();
              api.route().failureHandler(Problems::handle);
              Router root = Router.router(vertx);
              root.route().handler(UncaughtFailures::track);
              root.route().handler(new RequestIds());
              root.route().failureHandler(Problems::handle);
              // Failures outside any route (a path Vert.x cannot decode is a 400) get problem+json
              // too, not the router's text/plain.
              for (int status : ROUTER_ERRORS) {
                root.errorHandler(status, routerError(status));
              }
              root.putMetadata(BearerAuth.ROUTER_METADATA, auth); // for /health/ready
              unauthenticatedRoutes.accept(root);
              root.route("/*").subRouter(api);
              return root;
            });
  }

  /** The router calls an error handler without a failure and with no status set yet. */
  private static Handler<RoutingContext> routerError(int status) {
    return ctx -> {
      if (ctx.failure() != null) {
        Problems.handle(ctx);
      } else {
        Problems.send(ctx, Problems.toProblem(null, status));
      }
    };
  }

  private static void validate(
      RoutingContext ctx, RequestValidator validator, Operation operation, Set<String> validated) {
    if (!validated.contains(operation.getOperationId())) {
      ctx.next();
      return;
    }
    EXTRACTOR
        .extractValidatableRequest(ctx, operation)
        .compose(request -> validator.validate(request, operation.getOperationId()))
        .onSuccess(
            request -> {
              ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, request);
              ctx.next();
            })
        .onFailure(ctx::fail);
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
