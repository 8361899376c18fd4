package app.lightweight.shared.auth;

import static app.lightweight.shared.testing.TestEnv.await;
import static app.lightweight.shared.testing.TestEnv.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.lightweight.shared.config.Settings;
import app.lightweight.shared.testing.OidcTestProvider;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Token and JWKS shapes of real providers (Keycloak, Cognito), and a provider that starts late. */
class BearerAuthProvidersTest {
  private Vertx vertx;
  private OidcTestProvider provider;
  private RSAKey signing;
  private ListAppender<ILoggingEvent> log;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    provider = OidcTestProvider.start(vertx, "realms/lightweight");
    signing =
        new RSAKeyGenerator(2048)
            .keyID("sig-1")
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
    provider.publish(signing);
  }

  @AfterEach
  void stop() {
    if (log != null) {
      root().detachAppender(log);
    }
    await(vertx.close());
  }

  @Test
  void keycloaksJwksWithAnEncryptionKeyLoadsItsSigningKeyWithoutAWarning() throws Exception {
    RSAKey encryption =
        new RSAKeyGenerator(2048)
            .keyID("enc-1")
            .keyUse(KeyUse.ENCRYPTION)
            .algorithm(JWEAlgorithm.RSA_OAEP)
            .generate();
    provider.publish(signing, encryption);
    log = new ListAppender<>();
    log.start();
    root().addAppender(log);

    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(provider.issuer, "api")));

    String token = provider.token(signing, provider.claims().audience("api").build());
    assertThat(Caller.of(await(auth.verify(token))).subject()).isEqualTo("ada");
    assertThat(log.list)
        .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
        .extracting(ILoggingEvent::getFormattedMessage)
        .isEmpty();
  }

  @Test
  void cognitoAccessTokensAreForTheirClientIdAndTheirScopesLoseTheResourceServerPrefix()
      throws Exception {
    OidcConfig cognito =
        OidcConfig.from(
            Settings.of(
                "users",
                Map.of(
                    "OIDC_ISSUER", provider.issuer,
                    "OIDC_AUDIENCE", "5ofb2vhcr9qmcthp6ba8p3cc8i",
                    "OIDC_AUDIENCE_CLAIM", "client_id",
                    "OIDC_SCOPE_PREFIX", "lightweight/")));
    BearerAuth auth = await(BearerAuth.discover(vertx, cognito));

    String access =
        provider.token(
            signing,
            provider
                .claims()
                .claim("token_use", "access")
                .claim("client_id", "5ofb2vhcr9qmcthp6ba8p3cc8i")
                .claim(
                    "scope", "openid lightweight/users:read lightweight/invoices:write users:write")
                .build());
    assertThat(Caller.of(await(auth.verify(access))).scopes())
        .containsExactlyInAnyOrder("users:read", "invoices:write");

    String scpArray =
        provider.token(
            signing,
            provider
                .claims()
                .claim("client_id", "5ofb2vhcr9qmcthp6ba8p3cc8i")
                .claim("scp", List.of("lightweight/invoices:read", "invoices:write"))
                .build());
    assertThat(Caller.of(await(auth.verify(scpArray))).scopes()).containsExactly("invoices:read");

    String otherClient =
        provider.token(
            signing,
            provider
                .claims()
                .claim("client_id", "another-app")
                .claim("scope", "lightweight/users:read")
                .build());
    assertThatThrownBy(() -> await(auth.verify(otherClient))).hasMessageContaining("client_id");

    String idToken =
        provider.token(
            signing,
            provider
                .claims()
                .audience("5ofb2vhcr9qmcthp6ba8p3cc8i")
                .claim("token_use", "id")
                .build());
    assertThatThrownBy(() -> await(auth.verify(idToken))).hasMessageContaining("client_id");
  }

  @Test
  void aServiceStartedBeforeItsProviderIsNotReadyUntilTheProviderIsUp() throws Exception {
    provider.down();

    BearerAuth auth = await(BearerAuth.discover(vertx, new OidcConfig(provider.issuer, "api")));

    assertThat(auth.ready()).isFalse();
    assertThat(auth.whyNotReady()).hasValueSatisfying(why -> assertThat(why).contains("503"));
    String token = provider.token(signing, provider.claims().audience("api").build());
    assertThatThrownBy(() -> await(auth.verify(token))).hasMessageContaining("503");

    provider.up();
    eventually(Duration.ofSeconds(10), () -> assertThat(auth.ready()).isTrue());
    assertThat(Caller.of(await(auth.verify(token))).subject()).isEqualTo("ada");
  }

  @Test
  void aTokenExpiredLongerThanTheClockSkewIsRefused() throws Exception {
    String expiredThreeSecondsAgo =
        provider.token(signing, provider.claims(Duration.ofSeconds(-3)).audience("api").build());

    BearerAuth strict = await(BearerAuth.discover(vertx, new OidcConfig(provider.issuer, "api")));
    assertThatThrownBy(() -> await(strict.verify(expiredThreeSecondsAgo)))
        .hasMessageContaining("expired");

    OidcConfig lenient =
        OidcConfig.from(
            Settings.of(
                "users",
                Map.of(
                    "OIDC_ISSUER", provider.issuer,
                    "OIDC_AUDIENCE", "api",
                    "OIDC_CLOCK_SKEW_SECONDS", "60")));
    BearerAuth tolerant = await(BearerAuth.discover(vertx, lenient));
    assertThat(Caller.of(await(tolerant.verify(expiredThreeSecondsAgo))).subject())
        .isEqualTo("ada");
  }

  @Test
  void settingsDefaultToTheStandardAudienceClaimAndOneSecondOfClockSkew() {
    OidcConfig config =
        OidcConfig.from(Settings.of("users", Map.of("OIDC_ISSUER", "https://id.example.com/")));

    assertThat(config.audienceClaim()).isEqualTo("aud");
    assertThat(config.scopePrefix()).isEmpty();
    assertThat(config.clockSkewSeconds()).isEqualTo(1);
    assertThat(config.jwksMinRefreshMs()).isEqualTo(1_000);
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
