package app.lightweight.shared.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Rejects, before an operation's handlers, text that no operation accepts and PostgreSQL cannot
 * keep: a NUL character (refused by {@code text}, a 500 before) or a lone surrogate (stored as
 * {@code ?}) in a path or query parameter, a header, or a string or field name of a JSON body. An
 * operation that takes a JSON body also gets a 400 for a body that is not an object ({@code []},
 * {@code 1}, {@code "s"}). Each answer names the field by JSON pointer ({@code
 * /lines/0/description}, {@code /invoiceId}). A query parameter the contract gives one value is a
 * 400 when sent twice ({@code ?limit=5&limit=abc}: the validator and the handler could read
 * different ones), and, before any route, a URL whose percent-escapes are not UTF-8 ({@code %zz},
 * {@code %}, {@code %ED%A0%80}) is a 400 ({@link #checkUrl}), not a 500 from the query decoder.
 */
final class RequestInputs {
  private RequestInputs() {}

  /** Root handler: the path and query must be percent-encoded UTF-8. */
  static void checkUrl(RoutingContext ctx) {
    String uri = ctx.request().uri();
    int question = uri.indexOf('?');
    Problem problem = null;
    if (malformed(question < 0 ? uri : uri.substring(0, question))) {
      problem = Problem.validation("", "the path is not percent-encoded UTF-8");
    } else if (question >= 0) {
      for (String pair : uri.substring(question + 1).split("&")) {
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair : pair.substring(0, equals);
        if (malformed(name)) {
          problem = Problem.validation("", "a query parameter name is not percent-encoded UTF-8");
        } else if (equals >= 0 && malformed(pair.substring(equals + 1))) {
          problem =
              Problem.validation(
                  "/" + escape(decode(name)), "the value is not percent-encoded UTF-8");
        }
        if (problem != null) {
          break;
        }
      }
    }
    if (problem == null) {
      ctx.next();
    } else {
      ctx.fail(problem.exception());
    }
  }

  /** Whether a URL component has a percent-escape that is not two hex digits or not UTF-8. */
  private static boolean malformed(String component) {
    if (component.indexOf('%') < 0) {
      return false;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (c == '%') {
        if (i + 2 >= component.length()) {
          return true;
        }
        char high = component.charAt(i + 1);
        char low = component.charAt(i + 2);
        if (!HexFormat.isHexDigit(high) || !HexFormat.isHexDigit(low)) {
          return true;
        }
        bytes.write(HexFormat.fromHexDigit(high) * 16 + HexFormat.fromHexDigit(low));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()));
      return false;
    } catch (CharacterCodingException e) {
      return true;
    }
  }

  private static String decode(String wellFormed) {
    return URLDecoder.decode(wellFormed, StandardCharsets.UTF_8);
  }

  static Handler<RoutingContext> checker(Operation operation) {
    boolean takesJson = takesJson(operation);
    char opens = takesArray(operation) ? '[' : '{';
    List<String> singleValued =
        operation.getParameters().stream()
            .filter(p -> p.getIn() == Location.QUERY && p.getSchemaType() != SchemaType.ARRAY)
            .map(Parameter::getName)
            .toList();
    return ctx -> {
      Problem problem;
      try {
        problem = givenTwice(ctx, singleValued);
        if (problem == null) {
          problem = check(ctx, takesJson, opens);
        }
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

  private static Problem givenTwice(RoutingContext ctx, List<String> singleValued) {
    for (String name : singleValued) {
      if (ctx.queryParams().getAll(name).size() > 1) {
        return Problem.validation("/" + escape(name), "given more than once; send it once");
      }
    }
    return null;
  }

  private static Problem check(RoutingContext ctx, boolean takesJson, char opens) {
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
      problem = body(ctx, opens);
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

  /** {@code opens}: '{' for an operation whose body is an object, '[' for an array (a batch). */
  private static Problem body(RoutingContext ctx, char opens) {
    if (ctx.body() == null || ctx.body().isEmpty()) {
      return null; // "the body is required" comes from the body's validation
    }
    if (!starts(ctx.body().buffer(), opens)) {
      return Problem.validation(
          "", opens == '[' ? "the body must be a JSON array" : "the body must be a JSON object");
    }
    return opens == '['
        ? walk("", ctx.body().asJsonArray().getList())
        : walk("", ctx.body().asJsonObject().getMap());
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

  private static boolean starts(Buffer body, char opens) {
    for (int i = 0; i < body.length(); i++) {
      byte b = body.getByte(i);
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == opens;
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

  /**
   * Whether the operation's JSON body is an array (SparkPost's webhook batches) rather than an
   * object.
   */
  private static boolean takesArray(Operation operation) {
    RequestBody body = operation.getRequestBody();
    if (body == null || body.getContent() == null) {
      return false;
    }
    return body.getContent().entrySet().stream()
        .filter(entry -> isJson(entry.getKey()))
        .anyMatch(
            entry ->
                entry.getValue().getSchema() != null
                    && "array".equals(entry.getValue().getSchema().get("type")));
  }

  private static boolean takesJson(Operation operation) {
    RequestBody body = operation.getRequestBody();
    return body != null
        && body.getContent() != null
        && body.getContent().keySet().stream().anyMatch(RequestInputs::isJson);
  }
}
