package app.lightweight.sandbox;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Reads the claims of a JWT without checking it: the tests only look at what was issued. */
final class Jwt {

  private Jwt() {}

  static JsonObject claims(String jwt) {
    var payload = jwt.split("\\.")[1];
    return new JsonObject(
        new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
  }
}
