package app.lightweight.shared.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidationContext;

/**
 * Checks JSON request bodies against the contract's schemas on the event loop, with one validator
 * per operation built at start-up. vertx-openapi 5.0.7 builds a new validator (copying every schema
 * of the contract) for each request and validates on a worker thread; on the hot path ({@code POST
 * /api/invoices}) that was a third of the service's CPU. Same schemas, same errors (a {@link
 * SchemaValidationException}, rendered as problem+json with pointers).
 */
public final class JsonBodies {
  private static final String PARSED = "lightweight.body";

  private final OpenAPIContract contract;

  public JsonBodies(OpenAPIContract contract) {
    this.contract = contract;
  }

  public static Future<JsonBodies> load(Vertx vertx, String contractResource) {
    return Contract.load(vertx, contractResource).map(JsonBodies::new);
  }

  /**
   * The JSON body as the contract validated it: the validator already parsed it, so it is not
   * parsed a second time. Falls back to parsing for operations that validate in code.
   */
  public static JsonObject body(RoutingContext ctx) {
    JsonObject checked = ctx.get(PARSED);
    if (checked != null) {
      return checked;
    }
    ValidatedRequest validated = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (validated != null
        && validated.getBody() != null
        && validated.getBody().get() instanceof JsonObject json) {
      return json;
    }
    return ctx.body().asJsonObject();
  }

  /**
   * The route of an operation with a JSON body: the scope, then the body check (in place of the
   * router's validation; the operation's parameters are read and checked by its handler).
   */
  public OpenAPIRoute route(
      RouterBuilder builder, String operationId, Handler<RoutingContext> scope) {
    return builder
        .getRoute(operationId)
        .setDoValidation(false)
        .addHandler(scope)
        .addHandler(validator(operationId));
  }

  /**
   * The validator of an operation's {@code application/json} request body, built once: for handlers
   * that check credentials before the body (the providers' webhooks) and so cannot use {@link
   * #validator}.
   */
  public static Validator bodySchema(OpenAPIContract contract, String operationId) {
    return contract
        .getSchemaRepository()
        .validator(
            contract
                .operation(operationId)
                .getRequestBody()
                .getContent()
                .get("application/json")
                .getSchema());
  }

  /** A route handler that lets a request through only with a body the operation accepts. */
  public Handler<RoutingContext> validator(String operationId) {
    Validator validator = bodySchema(contract, operationId);
    return ctx -> {
      String type = ctx.request().getHeader("Content-Type");
      if (type == null || !type.toLowerCase().startsWith("application/json")) {
        ctx.fail(
            Problem.of(
                    415,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "send application/json")
                .exception());
        return;
      }
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        ctx.fail(Problem.validation("", "the body is required").exception());
        return;
      }
      OutputUnit result = validator.validate(body);
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException invalid) {
        ctx.fail(
            SchemaValidationException.createInvalidValueBody(
                result, ValidationContext.REQUEST, invalid));
        return;
      }
      ctx.put(PARSED, body);
      ctx.next();
    };
  }
}
