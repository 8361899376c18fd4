package app.lightweight.shared.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.RequestBody;
import java.util.List;
import java.util.Map;

/**
 * Rejects, before an operation's handlers, text that no operation accepts and PostgreSQL cannot
 * keep: a NUL character (refused by {@code text}, a 500 before) or a lone surrogate (stored as
 * {@code ?}) in a path or query parameter, a header, or a string or field name of a JSON body. An
 * operation that takes a JSON body also gets a 400 for a body that is not an object ({@code []},
 * {@code 1}, {@code "s"}). Each answer names the field by JSON pointer ({@code
 * /lines/0/description}, {@code /invoiceId}).
 */
final class RequestInputs {
  private RequestInputs() {}

  static Handler<RoutingContext> checker(Operation operation) {
    boolean takesJson = takesJson(operation);
    return ctx -> {
      Problem problem;
      try {
        problem = check(ctx, takesJson);
      } catch (RuntimeException malformed) {
        // a query string Vert.x cannot decode, or a body that is not JSON
        ctx.fail(malformed);
        return;
      }
      if (problem == null) {
        ctx.next();
      } else {
        ctx.fail(problem.exception());
      }
    };
  }

  private static Problem check(RoutingContext ctx, boolean takesJson) {
    for (Map.Entry<String, String> param : ctx.pathParams().entrySet()) {
      Problem problem = text("/" + param.getKey(), param.getValue());
      if (problem != null) {
        return problem;
      }
    }
    Problem problem = entries(ctx.queryParams());
    if (problem == null) {
      problem = entries(ctx.request().headers());
    }
    if (problem == null && takesJson && isJson(ctx.request().getHeader("Content-Type"))) {
      problem = body(ctx);
    }
    return problem;
  }

  private static Problem entries(MultiMap values) {
    for (Map.Entry<String, String> entry : values) {
      Problem problem = text("/" + entry.getKey(), entry.getValue());
      if (problem == null) {
        problem = text("", entry.getKey());
      }
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static Problem body(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().isEmpty()) {
      return null; // "the body is required" comes from the body's validation
    }
    if (!startsAnObject(ctx.body().buffer())) {
      return Problem.validation("", "the body must be a JSON object");
    }
    return walk("", ctx.body().asJsonObject().getMap());
  }

  private static Problem walk(String pointer, Object value) {
    if (value instanceof String text) {
      return text(pointer, text);
    }
    if (value instanceof JsonObject json) {
      return walk(pointer, json.getMap());
    }
    if (value instanceof JsonArray array) {
      return walk(pointer, array.getList());
    }
    if (value instanceof Map<?, ?> members) {
      for (Map.Entry<?, ?> member : members.entrySet()) {
        String name = String.valueOf(member.getKey());
        if (flaw(name) != null) {
          return Problem.validation(
              pointer, "a field name " + flaw(name) + "; send text without them");
        }
        Problem problem = walk(pointer + "/" + escape(name), member.getValue());
        if (problem != null) {
          return problem;
        }
      }
    } else if (value instanceof List<?> items) {
      for (int i = 0; i < items.size(); i++) {
        Problem problem = walk(pointer + "/" + i, items.get(i));
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private static Problem text(String pointer, String value) {
    String flaw = flaw(value);
    return flaw == null
        ? null
        : Problem.validation(pointer, "the text " + flaw + "; send text without them");
  }

  /**
   * @return what is wrong with the text, or null
   */
  static String flaw(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        return "contains a NUL character";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "contains a lone surrogate (not a Unicode character)";
      }
    }
    return null;
  }

  private static boolean startsAnObject(Buffer body) {
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '{';
      }
    }
    return false;
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase().startsWith("application/json");
  }

  private static boolean takesJson(Operation operation) {
    RequestBody body = operation.getRequestBody();
    return body != null
        && body.getContent() != null
        && body.getContent().keySet().stream().anyMatch(RequestInputs::isJson);
  }
}
