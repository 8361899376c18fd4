package app.lightweight.shared.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;

/**
 * The paging and search parameters of a list operation ({@code limit}, {@code cursor}, {@code q}),
 * with their limits read from the operation's parameter schemas in the contract, so the numbers are
 * written once, in {@code openapi.yaml}.
 */
public final class ListParameters {
  private final int defaultLimit;
  private final int maxLimit;
  private final int maxSearchChars;

  private ListParameters(int defaultLimit, int maxLimit, int maxSearchChars) {
    this.defaultLimit = defaultLimit;
    this.maxLimit = maxLimit;
    this.maxSearchChars = maxSearchChars;
  }

  /**
   * Reads {@code limit} ({@code default}, {@code maximum}) and {@code q} ({@code maxLength}) of an
   * operation, e.g. {@code ListParameters.of(builder.getRoute("listInvoices").getOperation())}.
   *
   * @throws IllegalStateException when the operation has no {@code limit} with both
   */
  public static ListParameters of(Operation operation) {
    JsonSchema limit = schema(operation, "limit");
    JsonSchema search = schema(operation, "q");
    Number defaultLimit = limit == null ? null : limit.get("default");
    Number maxLimit = limit == null ? null : limit.get("maximum");
    if (defaultLimit == null || maxLimit == null) {
      throw new IllegalStateException(
          operation.getOperationId() + ": the limit parameter needs a default and a maximum");
    }
    Number maxSearch = search == null ? null : search.get("maxLength");
    return new ListParameters(
        defaultLimit.intValue(),
        maxLimit.intValue(),
        maxSearch == null ? Integer.MAX_VALUE : maxSearch.intValue());
  }

  private static JsonSchema schema(Operation operation, String name) {
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getName().equals(name)) {
        return parameter.getSchema();
      }
    }
    return null;
  }

  /** {@code ?limit=}: 1 to the contract's maximum items per page, its default when absent. */
  public int limit(RoutingContext ctx) {
    String limit = ctx.queryParams().get("limit");
    if (limit == null) {
      return defaultLimit;
    }
    try {
      int value = Integer.parseInt(limit);
      if (value >= 1 && value <= maxLimit) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // answered below
    }
    throw Problem.validation("/limit", "must be a whole number from 1 to " + maxLimit).exception();
  }

  /** {@code ?q=}: words to search for, at most the contract's {@code maxLength}, or null. */
  public String search(RoutingContext ctx) {
    String search = ctx.queryParams().get("q");
    if (search != null && search.length() > maxSearchChars) {
      throw Problem.validation("/q", "must be at most " + maxSearchChars + " characters")
          .exception();
    }
    return search;
  }

  /** {@code ?cursor=}: the key after which the page starts, or null for the first page. */
  public String after(RoutingContext ctx) {
    return Cursor.decode(ctx.queryParams().get("cursor"));
  }

  public int maxLimit() {
    return maxLimit;
  }

  public int maxSearchChars() {
    return maxSearchChars;
  }
}
