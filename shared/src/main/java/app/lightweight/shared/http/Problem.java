package app.lightweight.shared.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error answer. */
public record Problem(
    String type, String title, int status, String detail, List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://lightweight.app/problems/";

  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  /** One thing wrong with the request, located by a JSON pointer into the body or a parameter. */
  public record FieldError(String pointer, String message) {
    public JsonObject toJson() {
      return new JsonObject().put("pointer", pointer).put("message", message);
    }
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
  }

  public static Problem validation(String detail, List<FieldError> errors) {
    return new Problem(TYPE_BASE + "validation", "Invalid request", 400, detail, errors);
  }

  public static Problem validation(String pointer, String message) {
    return validation(message, List.of(new FieldError(pointer, message)));
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  public static Problem conflict(String detail) {
    return of(409, "conflict", "Conflict", detail);
  }

  public static Problem unauthorized(String detail) {
    return of(401, "unauthorized", "Authentication required", detail);
  }

  public static Problem forbidden(String detail) {
    return of(403, "forbidden", "Not allowed", detail);
  }

  public static Problem unavailable(String detail) {
    return of(503, "unavailable", "Service unavailable", detail);
  }

  public ProblemException exception() {
    return new ProblemException(this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json;
  }
}
