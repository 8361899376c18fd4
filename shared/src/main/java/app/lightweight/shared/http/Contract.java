package app.lightweight.shared.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Loads a service's OpenAPI document for request validation. The published document describes every
 * media type honestly (problem+json errors, image bodies, PDFs); vertx-openapi 5.0 refuses to load
 * a contract naming media types it cannot validate, so those entries are dropped from the copy
 * given to the validator. Operations whose body is such a type validate in code instead.
 */
public final class Contract {
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

  private static void dropUnvalidatableMediaTypes(JsonObject contract) {
    contract.remove("security");
    JsonObject paths = contract.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation)) {
          continue;
        }
        operation.remove("security");
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
