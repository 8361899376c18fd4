package app.lightweight.shared.auth;

import app.lightweight.shared.Text;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Who is calling, as the validated access token says: the tenant key is the token's subject. */
public record Caller(String subject, String email, String name, Set<String> scopes) {

  static final String KEY = "caller";

  public static Caller of(RoutingContext ctx) {
    Caller caller = ctx.get(KEY);
    if (caller == null) {
      throw new IllegalStateException("route is not behind BearerAuth");
    }
    return caller;
  }

  public static Caller of(User user) {
    return from(claims(user));
  }

  /** JWTAuth keeps the verified claims in the principal; OAuth2Auth in {@code accessToken}. */
  private static JsonObject claims(User user) {
    JsonObject accessToken = user.attributes().getJsonObject("accessToken");
    return accessToken != null ? accessToken : user.principal();
  }

  /**
   * @throws IllegalArgumentException when {@code sub} is not a usable tenant key: not a string,
   *     empty, only spaces, or holding control characters such as NUL
   */
  static Caller from(JsonObject claims) {
    return new Caller(
        subject(claims.getValue("sub")),
        claims.getString("email"),
        claims.getString("name"),
        scopes(claims));
  }

  static final int MAX_SUBJECT_CHARS = 255;

  private static String subject(Object sub) {
    if (!(sub instanceof String text)
        || !Text.isVisible(text)
        || Text.hasControl(text)
        || !text.equals(text.strip())
        || text.length() > MAX_SUBJECT_CHARS) {
      throw new IllegalArgumentException("the token's sub is not a non-empty string");
    }
    return text;
  }

  /** Makes this the authenticated caller of the request (BearerAuth does it for a valid token). */
  public void attachTo(RoutingContext ctx) {
    ctx.put(KEY, this);
  }

  public boolean has(String scope) {
    return scopes.contains(scope);
  }

  /** OAuth 2 puts scopes in a space separated {@code scope}; some providers use an array. */
  private static Set<String> scopes(JsonObject claims) {
    Object scope = claims.getValue("scope");
    if (scope == null) {
      scope = claims.getValue("scp");
    }
    if (scope instanceof String text) {
      return Arrays.stream(text.split(" ")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }
    if (scope instanceof JsonArray list) {
      return list.stream().map(String::valueOf).collect(Collectors.toSet());
    }
    return Set.of();
  }
}
