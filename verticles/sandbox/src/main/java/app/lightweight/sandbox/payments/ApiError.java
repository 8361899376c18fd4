package app.lightweight.sandbox.payments;

import io.vertx.core.json.JsonObject;

/** An error answered in Stripe's shape: {@code {"error":{"type","code","message","param"}}}. */
final class ApiError extends RuntimeException {

  final int status;
  final String type;
  final String code;
  final String param;

  ApiError(int status, String type, String code, String param, String message) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static ApiError invalid(String code, String param, String message) {
    return new ApiError(400, "invalid_request_error", code, param, message);
  }

  JsonObject toJson() {
    var error = new JsonObject().put("type", type).put("code", code).put("message", getMessage());
    if (param != null) {
      error.put("param", param);
    }
    return new JsonObject().put("error", error);
  }
}
