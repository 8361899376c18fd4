package app.lightweight.shared.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads a service's OpenAPI document for request validation. The published document describes every
 * media type honestly (problem+json errors, image bodies, PDFs); vertx-openapi 5.0 refuses to load
 * a contract naming media types it cannot validate, so those entries are dropped from the copy
 * given to the validator. Operations whose body is such a type validate in code instead.
 *
 * <p>The conditional headers ({@code If-Match}, {@code If-None-Match}) are dropped from the copy
 * too: vertx-openapi 5.0.7 decodes a string header as JSON when it can, so {@code W/"1"}, {@code *}
 * and lists were 400 before {@link EntityTags} could read them as RFC 9110 says.
 */
public final class Contract {
  /**
   * Marks, in the validator's copy, an operation the contract serves without a token ({@code
   * security: []}, or a requirement list holding {@code {}}); read by {@link #isPublic}.
   */
  static final String PUBLIC = "x-lightweight-public";

  private static final Set<String> VALIDATABLE =
      Set.of(
          "application/json",
          "application/json; charset=utf-8",
          "multipart/form-data",
          "application/hal+json",
          "application/octet-stream",
          "text/plain",
          "text/plain; charset=utf-8");

  private Contract() {}

  public static Future<OpenAPIContract> load(Vertx vertx, String resource) {
    return vertx
        .fileSystem()
        .readFile(resource)
        .compose(
            yaml -> {
              Map<String, Object> document = new Yaml(new LoaderOptions()).load(yaml.toString());
              JsonObject contract = new JsonObject(document);
              dropUnvalidatableMediaTypes(contract);
              return OpenAPIContract.from(vertx, contract);
            });
  }

  /** Whether the contract serves the operation without a token. */
  public static boolean isPublic(Operation operation) {
    return Boolean.TRUE.equals(operation.getOpenAPIModel().getValue(PUBLIC));
  }

  private static final Set<String> READ_IN_CODE = Set.of("if-match", "if-none-match");

  private static void dropUnvalidatableMediaTypes(JsonObject contract) {
    Object global = contract.remove("security");
    JsonObject parameters =
        contract.getJsonObject("components", new JsonObject()).getJsonObject("parameters");
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        Object own = operation.remove("security");
        if (allowsAnonymous(own != null ? own : global)) {
          operation.put(PUBLIC, true);
        }
        dropHeadersReadInCode(operation, parameters);
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null && keepValidatable(body)) {
          operation.remove("requestBody");
        }
        JsonObject responses = operation.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (responses.getValue(status) instanceof JsonObject response) {
            keepValidatable(response);
          }
        }
      }
    }
    JsonObject components = contract.getJsonObject("components", new JsonObject());
    JsonObject sharedResponses = components.getJsonObject("responses", new JsonObject());
    for (String name : sharedResponses.fieldNames()) {
      keepValidatable(sharedResponses.getJsonObject(name));
    }
  }

  private static void dropHeadersReadInCode(JsonObject operation, JsonObject components) {
    if (!(operation.getValue("parameters") instanceof JsonArray list)) {
      return;
    }
    list.getList()
        .removeIf(
            entry -> {
              JsonObject parameter =
                  entry instanceof Map<?, ?> map
                      ? new JsonObject((Map<String, Object>) map)
                      : (JsonObject) entry;
              String ref = parameter.getString("$ref");
              if (ref != null && components != null) {
                parameter =
                    components.getJsonObject(
                        ref.substring(ref.lastIndexOf('/') + 1), new JsonObject());
              }
              return "header".equals(parameter.getString("in"))
                  && READ_IN_CODE.contains(
                      String.valueOf(parameter.getString("name")).toLowerCase(Locale.ROOT));
            });
  }

  /**
   * Fails closed: an operation is public only where the contract says so, never because it omits
   * {@code security} altogether.
   */
  private static boolean allowsAnonymous(Object requirements) {
    List<?> list =
        requirements instanceof JsonArray array
            ? array.getList()
            : requirements instanceof List<?> raw ? raw : null;
    return list != null
        && (list.isEmpty()
            || list.stream()
                .anyMatch(
                    r ->
                        r instanceof Map<?, ?> map && map.isEmpty()
                            || r instanceof JsonObject json && json.isEmpty()));
  }

  /**
   * @return whether nothing validatable was left
   */
  private static boolean keepValidatable(JsonObject holder) {
    JsonObject content = holder.getJsonObject("content");
    if (content == null) {
      return false;
    }
    content.fieldNames().removeIf(type -> !VALIDATABLE.contains(type));
    if (content.isEmpty()) {
      holder.remove("content");
      return true;
    }
    return false;
  }
}
