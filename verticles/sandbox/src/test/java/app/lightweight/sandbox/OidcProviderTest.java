package app.lightweight.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OidcProviderTest {

  private static final String REDIRECT_URI = "http://localhost:8080/auth/callback";

  private static OidcProvider oidc;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void startProvider() {
    oidc = OidcProvider.start(0);
  }

  @AfterAll
  static void closeProvider() {
    oidc.close();
  }

  @Test
  void discoveryNamesTheIssuerAndItsKeys() throws Exception {
    assertThat(oidc.issuer()).isEqualTo("http://localhost:" + oidc.port() + "/lightweight");

    var discovery = new JsonObject(get(oidc.issuer() + "/.well-known/openid-configuration").body());

    assertThat(discovery.getString("issuer")).isEqualTo(oidc.issuer());
    assertThat(discovery.getString("jwks_uri")).isEqualTo(oidc.jwksUri());
    assertThat(discovery.getString("token_endpoint")).isEqualTo(oidc.tokenEndpoint());
    var jwks = new JsonObject(get(discovery.getString("jwks_uri")).body());
    assertThat(jwks.getJsonArray("keys")).isNotEmpty();
  }

  @Test
  void clientCredentialsGrantGivesTheClientItsRequestedScopes() throws Exception {
    var response =
        post(
            oidc.tokenEndpoint(),
            form(
                "grant_type", "client_credentials",
                "client_id", "acme-backend",
                "client_secret", "x",
                "scope", "users:read users:write"));

    assertThat(response.statusCode()).isEqualTo(200);
    var claims = Jwt.claims(new JsonObject(response.body()).getString("access_token"));
    assertThat(claims.getString("iss")).isEqualTo(oidc.issuer());
    assertThat(claims.getString("sub")).isEqualTo("acme-backend");
    assertThat(audience(claims)).isEqualTo(OidcProvider.AUDIENCE);
    assertThat(claims.getString("scope")).isEqualTo("users:read users:write");
  }

  @Test
  void browserLoginWithPkceGivesTokensForTheTypedUser() throws Exception {
    var verifier = randomUrlSafe();
    var authorize =
        oidc.authorizationEndpoint()
            + "?"
            + form(
                "client_id", "lightweight-gateway",
                "response_type", "code",
                "redirect_uri", REDIRECT_URI,
                "scope", "openid email profile",
                "state", "state-1",
                "nonce", "nonce-1",
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256");

    var loginPage = get(authorize);
    assertThat(loginPage.statusCode()).isEqualTo(200);
    assertThat(loginPage.body()).contains("name=\"username\"", "name=\"claims\"");

    var signedIn =
        post(
            authorize,
            form(
                "username", "ada",
                "claims", "{\"email\":\"ada@example.com\",\"name\":\"Ada Lovelace\"}"));
    assertThat(signedIn.statusCode()).isEqualTo(302);
    var location = URI.create(signedIn.headers().firstValue("Location").orElseThrow());
    assertThat(location.toString()).startsWith(REDIRECT_URI);
    var callback = query(location);
    assertThat(callback).containsEntry("state", "state-1");

    var tokens =
        post(
            oidc.tokenEndpoint(),
            form(
                "grant_type",
                "authorization_code",
                "code",
                callback.get("code"),
                "redirect_uri",
                REDIRECT_URI,
                "client_id",
                "lightweight-gateway",
                "code_verifier",
                verifier));
    assertThat(tokens.statusCode()).isEqualTo(200);
    var body = new JsonObject(tokens.body());
    var access = Jwt.claims(body.getString("access_token"));
    assertThat(access.getString("iss")).isEqualTo(oidc.issuer());
    assertThat(access.getString("sub")).isEqualTo("ada");
    assertThat(audience(access)).isEqualTo(OidcProvider.AUDIENCE);
    assertThat(access.getString("email")).isEqualTo("ada@example.com");
    var id = Jwt.claims(body.getString("id_token"));
    assertThat(id.getString("sub")).isEqualTo("ada");
    assertThat(id.getString("nonce")).isEqualTo("nonce-1");
    assertThat(id.getString("name")).isEqualTo("Ada Lovelace");
  }

  @Test
  void pkceVerifierThatDoesNotMatchIsRefused() throws Exception {
    var authorize =
        oidc.authorizationEndpoint()
            + "?"
            + form(
                "client_id", "lightweight-gateway",
                "response_type", "code",
                "redirect_uri", REDIRECT_URI,
                "scope", "openid",
                "state", "s",
                "code_challenge", challenge(randomUrlSafe()),
                "code_challenge_method", "S256");
    var signedIn = post(authorize, form("username", "mallory", "claims", ""));
    var code =
        query(URI.create(signedIn.headers().firstValue("Location").orElseThrow())).get("code");

    var tokens =
        post(
            oidc.tokenEndpoint(),
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                REDIRECT_URI,
                "client_id",
                "lightweight-gateway",
                "code_verifier",
                randomUrlSafe()));

    assertThat(tokens.statusCode()).isEqualTo(400);
  }

  @Test
  void tokensForTestsCarryTheGivenClaimsAndExpiry() {
    var token =
        oidc.token(
            "user-1",
            OidcProvider.AUDIENCE,
            Map.of("email", "u1@example.com", "scope", "invoices:write"),
            Duration.ofMinutes(5));
    var claims = Jwt.claims(token);
    assertThat(claims.getString("iss")).isEqualTo(oidc.issuer());
    assertThat(claims.getString("sub")).isEqualTo("user-1");
    assertThat(audience(claims)).isEqualTo("lightweight");
    assertThat(claims.getString("email")).isEqualTo("u1@example.com");
    assertThat(claims.getString("scope")).isEqualTo("invoices:write");
    assertThat(claims.getLong("exp")).isGreaterThan(Instant.now().getEpochSecond());

    var expired = Jwt.claims(oidc.token("user-1", "lightweight", Map.of(), Duration.ofMinutes(-5)));
    assertThat(expired.getLong("exp")).isLessThan(Instant.now().getEpochSecond());
  }

  @Test
  void tokenFromOtherIssuerNamesThatIssuer() {
    var claims = Jwt.claims(oidc.tokenFromOtherIssuer("user-1", OidcProvider.AUDIENCE));
    assertThat(oidc.otherIssuer()).isEqualTo("http://localhost:" + oidc.port() + "/intruder");
    assertThat(claims.getString("iss")).isEqualTo(oidc.otherIssuer());
    assertThat(audience(claims)).isEqualTo("lightweight");
  }

  @Test
  void tokensVerifyAgainstTheIssuersKeysAndTheIntrudersDoNot() throws Exception {
    var keys = JWKSet.load(URI.create(oidc.jwksUri()).toURL()).getKeys();
    var trusted =
        SignedJWT.parse(oidc.token("user-1", "lightweight", Map.of(), Duration.ofMinutes(5)));
    var intruder = SignedJWT.parse(oidc.tokenFromOtherIssuer("user-1", "lightweight"));

    assertThat(verifiesWithAny(trusted, keys)).isTrue();
    assertThat(verifiesWithAny(intruder, keys)).isFalse();
  }

  private static boolean verifiesWithAny(SignedJWT jwt, List<JWK> keys) throws Exception {
    for (var key : keys) {
      if (jwt.verify(new RSASSAVerifier(key.toRSAKey()))) {
        return true;
      }
    }
    return false;
  }

  private static String audience(JsonObject claims) {
    var aud = claims.getValue("aud");
    return aud instanceof String single ? single : claims.getJsonArray("aud").getString(0);
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String form(String... pairs) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(URI uri) {
    var params = new LinkedHashMap<String, String>();
    for (var pair : uri.getRawQuery().split("&")) {
      var kv = pair.split("=", 2);
      params.put(
          kv[0], java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String randomUrlSafe() {
    var bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String challenge(String verifier) throws Exception {
    var digest =
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
