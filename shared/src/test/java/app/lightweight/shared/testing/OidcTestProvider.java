package app.lightweight.shared.testing;

import static app.lightweight.shared.testing.TestEnv.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OIDC provider reduced to what BearerAuth reads (discovery and JWKS), with keys the test
 * generates: it can publish any JWKS, be down (503) and count the JWKS fetches.
 */
public final class OidcTestProvider {
  public final String issuer;
  public final AtomicInteger jwksFetches = new AtomicInteger();
  public final AtomicInteger discoveryFetches = new AtomicInteger();
  private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet());
  private volatile boolean up = true;

  private OidcTestProvider(String issuer) {
    this.issuer = issuer;
  }

  public static OidcTestProvider start(Vertx vertx, String realm) {
    AtomicReference<OidcTestProvider> self = new AtomicReference<>();
    HttpServer server =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      OidcTestProvider provider = self.get();
                      if (!provider.up) {
                        request.response().setStatusCode(503).end();
                      } else if (request.path().endsWith("/.well-known/openid-configuration")) {
                        provider.discoveryFetches.incrementAndGet();
                        request
                            .response()
                            .end(
                                new JsonObject()
                                    .put("issuer", provider.issuer)
                                    .put("jwks_uri", provider.issuer + "/jwks")
                                    .encode());
                      } else if (request.path().endsWith("/jwks")) {
                        provider.jwksFetches.incrementAndGet();
                        request.response().end(provider.published.get().toString(true));
                      } else {
                        request.response().setStatusCode(404).end();
                      }
                    })
                .listen(0, "127.0.0.1"));
    self.set(new OidcTestProvider("http://127.0.0.1:" + server.actualPort() + "/" + realm));
    return self.get();
  }

  /** Publishes the public parts of these keys as the JWKS. */
  public void publish(JWK... keys) {
    published.set(new JWKSet(List.of(keys)).toPublicJWKSet());
  }

  public void down() {
    up = false;
  }

  public void up() {
    up = true;
  }

  public String token(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** Claims of a token of this issuer for subject ada, valid for five minutes, without aud. */
  public JWTClaimsSet.Builder claims() {
    return claims(Duration.ofMinutes(5));
  }

  public JWTClaimsSet.Builder claims(Duration lifetime) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("ada")
        .issueTime(new Date(Math.min(now, now + lifetime.toMillis()) - 60_000))
        .expirationTime(new Date(now + lifetime.toMillis()));
  }
}
