package app.lightweight.invoices;

import app.lightweight.shared.auth.Caller;
import app.lightweight.shared.http.EntityTags;
import app.lightweight.shared.http.EntityTags.IfMatch;
import app.lightweight.shared.http.Problem;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.ValidatedRequest;

/** What the routes read from a request: the tenant, the body, list and version parameters. */
final class Requests {
  static final int DEFAULT_LIMIT = 20;

  private Requests() {}

  /** The business the request acts for: the subject of its access token. */
  static String tenant(RoutingContext ctx) {
    return Caller.of(ctx).subject();
  }

  static final int MAX_LIMIT = 100;
  static final int MAX_SEARCH_CHARS = 100;

  /** {@code ?limit=}: 1 to 100 items per page, 20 when absent. */
  static int limit(RoutingContext ctx) {
    String limit = ctx.queryParams().get("limit");
    if (limit == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= MAX_LIMIT) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw Problem.validation("/limit", "must be a whole number from 1 to " + MAX_LIMIT).exception();
  }

  /** {@code ?q=}: words to search for, at most 100 characters, or null. */
  static String search(RoutingContext ctx) {
    String search = ctx.queryParams().get("q");
    if (search != null && search.length() > MAX_SEARCH_CHARS) {
      throw Problem.validation("/q", "must be at most " + MAX_SEARCH_CHARS + " characters")
          .exception();
    }
    return search;
  }

  /**
   * The JSON body as the contract validated it: the validator already parsed it, so it is not
   * parsed a second time. Falls back to parsing for operations that validate in code.
   */
  static JsonObject body(RoutingContext ctx) {
    JsonObject checked = ctx.get(JsonBodies.PARSED);
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

  /** What {@code If-Match} asks for, or null when the request has none. */
  static IfMatch ifMatch(RoutingContext ctx) {
    return EntityTags.ifMatch(ctx.request().getHeader("If-Match"));
  }

  /** What {@code If-Match} asks for; without one the answer is 428. */
  static IfMatch requiredIfMatch(RoutingContext ctx) {
    IfMatch version = ifMatch(ctx);
    if (version == null) {
      throw Problem.of(
              428,
              "precondition-required",
              "Precondition required",
              "send If-Match with the ETag of the version you changed, e.g. If-Match: \"1\"")
          .exception();
    }
    return version;
  }
}
