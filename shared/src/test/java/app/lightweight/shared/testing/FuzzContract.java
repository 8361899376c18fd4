package app.lightweight.shared.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations of a service's OpenAPI document as {@link ContractFuzzer} needs them: method, path
 * template, whether a token is needed, parameters and the request body, every {@code $ref}
 * resolved.
 */
final class FuzzContract {
  static final List<String> METHODS = List.of("get", "put", "post", "patch", "delete");

  record Parameter(String name, String in, boolean required, JsonObject schema) {}

  /**
   * @param bodyTypes the media types of the request body (empty for none)
   * @param bodySchema the schema of its {@code application/json} body, or null
   * @param example the contract's example of that body, or null
   */
  record Operation(
      String id,
      String method,
      String path,
      boolean isPublic,
      List<Parameter> parameters,
      Set<String> bodyTypes,
      JsonObject bodySchema,
      Object example) {

    boolean hasJsonBody() {
      return bodySchema != null;
    }

    boolean hasBody() {
      return !bodyTypes.isEmpty();
    }

    List<Parameter> in(String where) {
      return parameters.stream().filter(p -> p.in().equals(where)).toList();
    }
  }

  private final JsonObject document;
  final List<Operation> operations = new ArrayList<>();

  private FuzzContract(JsonObject document) {
    this.document = document;
    boolean publicByDefault = isPublic(document.getValue("security"));
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : METHODS) {
        JsonObject op = item.getJsonObject(method);
        if (op == null) {
          continue;
        }
        List<Parameter> parameters = new ArrayList<>();
        for (JsonArray list :
            new JsonArray[] {
              item.getJsonArray("parameters", new JsonArray()),
              op.getJsonArray("parameters", new JsonArray())
            }) {
          for (Object p : list) {
            JsonObject param = resolve((JsonObject) p);
            parameters.add(
                new Parameter(
                    param.getString("name"),
                    param.getString("in"),
                    param.getBoolean("required", false),
                    resolve(param.getJsonObject("schema", new JsonObject()))));
          }
        }
        JsonObject body =
            op.containsKey("requestBody") ? resolve(op.getJsonObject("requestBody")) : null;
        JsonObject content = body == null ? new JsonObject() : body.getJsonObject("content");
        JsonObject json = content.getJsonObject("application/json");
        operations.add(
            new Operation(
                op.getString("operationId"),
                method.toUpperCase(),
                path,
                op.containsKey("security") ? isPublic(op.getValue("security")) : publicByDefault,
                parameters,
                new LinkedHashSet<>(content.fieldNames()),
                json == null ? null : resolve(json.getJsonObject("schema", new JsonObject())),
                json == null ? null : json.getValue("example")));
      }
    }
  }

  static FuzzContract load(String resource) {
    try (InputStream in =
        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no contract on the classpath: " + resource);
      }
      Map<String, Object> yaml = new Yaml(new LoaderOptions()).load(in);
      return new FuzzContract(new JsonObject(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isPublic(Object security) {
    return security instanceof JsonArray list
        && (list.isEmpty()
            || list.stream().anyMatch(r -> r instanceof JsonObject o && o.isEmpty()));
  }

  /** Follows {@code $ref} (local references only) until the schema itself. */
  JsonObject resolve(JsonObject schema) {
    JsonObject at = schema;
    while (at != null && at.containsKey("$ref")) {
      String ref = at.getString("$ref");
      Object node = document;
      for (String part : ref.substring(2).split("/")) {
        node = ((JsonObject) node).getValue(part.replace("~1", "/").replace("~0", "~"));
      }
      at = (JsonObject) node;
    }
    return at;
  }

  /** The JSON types a schema allows ({@code integer} implied by {@code number}); empty for any. */
  Set<String> types(JsonObject schema) {
    JsonObject s = resolve(schema);
    Set<String> types = new LinkedHashSet<>();
    Object type = s.getValue("type");
    if (type instanceof String one) {
      types.add(one);
    } else if (type instanceof JsonArray many) {
      many.forEach(t -> types.add((String) t));
    }
    for (String combinator : List.of("oneOf", "anyOf")) {
      JsonArray branches = s.getJsonArray(combinator);
      if (branches != null) {
        for (Object branch : branches) {
          Set<String> inner = types((JsonObject) branch);
          if (inner.isEmpty()) {
            return Set.of();
          }
          types.addAll(inner);
        }
      }
    }
    if (types.contains("number")) {
      types.add("integer");
    }
    return types;
  }

  /**
   * The schema of a value of the given JSON type under a schema with {@code oneOf} or {@code
   * anyOf}: the branch that allows that type.
   */
  JsonObject branchFor(JsonObject schema, String type) {
    JsonObject s = resolve(schema);
    for (String combinator : List.of("oneOf", "anyOf")) {
      JsonArray branches = s.getJsonArray(combinator);
      if (branches != null) {
        for (Object branch : branches) {
          if (types((JsonObject) branch).contains(type)) {
            return branchFor((JsonObject) branch, type);
          }
        }
      }
    }
    return s;
  }

  /** A value the schema allows, for an operation whose contract gives no example. */
  Object sample(JsonObject schema) {
    JsonObject s = resolve(schema);
    Set<String> types = types(s);
    if (s.containsKey("enum")) {
      return s.getJsonArray("enum").getValue(0);
    }
    if (types.contains("object") || types.isEmpty()) {
      JsonObject object = branchFor(s, "object");
      JsonObject value = new JsonObject();
      JsonObject properties = object.getJsonObject("properties", new JsonObject());
      for (Object name : object.getJsonArray("required", new JsonArray())) {
        value.put((String) name, sample(properties.getJsonObject((String) name, new JsonObject())));
      }
      return value;
    }
    if (types.contains("array")) {
      JsonObject array = branchFor(s, "array");
      JsonArray value = new JsonArray();
      for (int i = 0; i < Math.max(1, array.getInteger("minItems", 1)); i++) {
        value.add(sample(array.getJsonObject("items", new JsonObject())));
      }
      return value;
    }
    if (types.contains("integer")) {
      return Math.max(1, s.getLong("minimum", 1L));
    }
    if (types.contains("boolean")) {
      return true;
    }
    if (types.contains("string")) {
      return "a".repeat(Math.max(1, s.getInteger("minLength", 1)));
    }
    return null;
  }
}
