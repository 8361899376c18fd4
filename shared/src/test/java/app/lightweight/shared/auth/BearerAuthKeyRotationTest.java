package app.lightweight.shared.auth;

import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A provider that rotates its signing key: the service picks the new key up by itself. */
class BearerAuthKeyRotationTest {
  private Vertx vertx;
  private HttpServer provider;
  private String issuer;
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final AtomicLong jwksDelayMs = new AtomicLong();
  private RSAKey first;
  private RSAKey second;

  @BeforeEach
  void startProvider() throws Exception {
    first = new RSAKeyGenerator(2048).keyID("key-1").generate();
    second = new RSAKeyGenerator(2048).keyID("key-2").generate();
    published.set(new JWKSet(first.toPublicJWK()));
    vertx = Vertx.vertx();
    provider =
        await(
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      if (request.path().endsWith("/.well-known/openid-configuration")) {
                        request
                            .response()
                            .end(
                                new JsonObject()
                                    .put("issuer", issuer)
                                    .put("jwks_uri", issuer + "/jwks")
                                    .encode());
                      } else if (request.path().endsWith("/jwks")) {
                        jwksFetches.incrementAndGet();
                        String keys = published.get().toString(true);
                        long delay = jwksDelayMs.get();
                        if (delay > 0) {
                          vertx.setTimer(delay, tick -> request.response().end(keys));
                        } else {
                          request.response().end(keys);
                        }
                      } else {
                        request.response().setStatusCode(404).end();
                      }
                    })
                .listen(0, "127.0.0.1"));
    issuer = "http://127.0.0.1:" + provider.actualPort() + "/rotating";
  }

  @AfterEach
  void stop() {
    await(vertx.close());
  }

  @Test
  void tokenSignedWithANewlyPublishedKeyIsAcceptedAfterOneJwksFetch() throws Exception {
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api", 0)));
    assertThat(Caller.of(await(auth.verify(token(first, "api")))).subject()).isEqualTo("ada");

    published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
    int fetchesBefore = jwksFetches.get();

    assertThat(Caller.of(await(auth.verify(token(second, "api")))).subject()).isEqualTo("ada");
    assertThat(jwksFetches.get()).isEqualTo(fetchesBefore + 1);
    assertThat(Caller.of(await(auth.verify(token(second, "api")))).scopes())
        .containsExactlyInAnyOrder("users:read", "users:write");
    assertThat(jwksFetches.get()).isEqualTo(fetchesBefore + 1);
  }

  @Test
  void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api", 0)));
    String shortLived = token(first, claims("api", Duration.ofSeconds(1)));
    assertThat(Caller.of(await(auth.verify(shortLived))).subject()).isEqualTo("ada");

    // past exp plus the leeway the verifier allows for clock skew (OIDC_CLOCK_SKEW_SECONDS)
    eventually(
        Duration.ofSeconds(15),
        () ->
            assertThatThrownBy(() -> await(auth.verify(shortLived)))
                .hasMessageContaining("xpired"));
  }

  @Test
  void aKeyRotatedRightAfterAJwksFetchIsAcceptedAtOnce() throws Exception {
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api")));
    assertThat(Caller.of(await(auth.verify(token(first, "api")))).subject()).isEqualTo("ada");

    published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
    long started = System.nanoTime();

    assertThat(Caller.of(await(auth.verify(token(second, "api")))).subject()).isEqualTo("ada");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void unknownKeysOfAnotherIssuerCauseNoJwksFetch() throws Exception {
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api", 0)));
    int fetchesBefore = jwksFetches.get();
    JWTClaimsSet foreign =
        new JWTClaimsSet.Builder(claims("api")).issuer("https://elsewhere.example.com/").build();

    assertThatThrownBy(() -> await(auth.verify(token(second, foreign))))
        .hasMessageContaining("issuer");
    assertThat(jwksFetches.get()).isEqualTo(fetchesBefore);
  }

  @Test
  void concurrentTokensWithUnknownKeysShareOneJwksFetch() throws Exception {
    // no rate limit, and a fetch slow enough that all 20 arrive while it is in flight: only
    // sharing the one fetch keeps the count at one
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api", 0)));
    jwksDelayMs.set(1_500);
    RSAKey stray = new RSAKeyGenerator(2048).generate();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      tokens.add(token(new RSAKey.Builder(stray).keyID("stray-" + i).build(), "api"));
    }
    int fetchesBefore = jwksFetches.get();

    List<Future<User>> attempts = tokens.stream().map(auth::verify).toList();

    assertThat(await(Future.join(attempts).otherwise(failed -> null))).isNull();
    assertThat(attempts).allMatch(Future::failed);
    assertThat(jwksFetches.get()).isEqualTo(fetchesBefore + 1);
  }

  @Test
  void tokenMacSignedWithThePublicKeyIsRejected() throws Exception {
    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(issuer, "api", 0)));
    SignedJWT forged =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims("api"));
    forged.sign(new MACSigner(first.toPublicJWK().toRSAPublicKey().getEncoded()));

    assertThatThrownBy(() -> await(auth.verify(forged.serialize())));
  }

  @Test
  void discoveryDocumentForAnotherIssuerIsRefused() {
    assertThatThrownBy(
            () -> await(BearerAuth.discover(vertx, new OidcConfig(issuer + "-other", "api", 0))))
        .hasMessageContaining("OIDC discovery failed");
  }

  private String token(RSAKey key, String audience) throws Exception {
    return token(key, claims(audience));
  }

  private String token(RSAKey key, JWTClaimsSet claims) throws Exception {
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

  private JWTClaimsSet claims(String audience) {
    return claims(audience, Duration.ofMinutes(5));
  }

  private JWTClaimsSet claims(String audience, Duration lifetime) {
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject("ada")
        .audience(audience)
        .claim("scope", "users:read users:write")
        .issueTime(new Date())
        .expirationTime(new Date(System.currentTimeMillis() + lifetime.toMillis()))
        .build();
  }
}
