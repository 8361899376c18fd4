package app.lightweight.sandbox;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID Connect provider (mock-oauth2-server) with one issuer, {@code lightweight}, that the
 * platform trusts, and a second one, {@code intruder}, that it must not.
 *
 * <p>Every token it issues at the token endpoint carries {@code aud = lightweight}. A
 * client-credentials grant accepts any client id and secret and yields {@code sub = client id} and
 * {@code scope = the requested scope}. The authorization-code flow (with PKCE) shows a login page
 * where one types a username (the {@code sub}) and optional claims as JSON.
 */
public final class OidcProvider implements AutoCloseable {

  /** The audience of every access token issued by the trusted issuer. */
  public static final String AUDIENCE = "lightweight";

  /** The id of the trusted issuer: its URL is {@code http://localhost:PORT/lightweight}. */
  public static final String ISSUER_ID = "lightweight";

  /** The id of an issuer nobody should trust, for wrong-issuer tests. */
  public static final String OTHER_ISSUER_ID = "intruder";

  private static final Logger log = LoggerFactory.getLogger(OidcProvider.class);
  private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
  private static final String SANDBOX_CLIENT = "lightweight-sandbox";

  /**
   * The scopes a browser sign-in (authorization code, and its refreshes) is granted when the token
   * request names none: every scope the web app uses, as a provider whose client has them as
   * default scopes would grant (the authorize request's {@code scope} is not visible to the token
   * callback).
   */
  public static final String SIGN_IN_SCOPES =
      "openid profile email offline_access users:read users:write invoices:read invoices:write"
          + " email:read wallets:read wallets:pay wallets:fund";

  private final MockOAuth2Server server;

  private OidcProvider(MockOAuth2Server server) {
    this.server = server;
  }

  /** Starts the provider on {@code localhost:port} (0 = a free port). */
  public static OidcProvider start(int port) {
    long started = System.nanoTime();
    var config =
        new OAuth2Config(
            true,
            null,
            null,
            false,
            new OAuth2TokenProvider(),
            Set.of(
                new GrantCallback(ISSUER_ID, TOKEN_LIFETIME),
                new GrantCallback(OTHER_ISSUER_ID, TOKEN_LIFETIME)),
            new NettyWrapper());
    var server = new MockOAuth2Server(config);
    // bound to 127.0.0.1 but named localhost, so every issuer URL reads http://localhost:PORT/...
    server.start(loopbackNamedLocalhost(), port);
    var provider = new OidcProvider(server);
    log.info(
        "OIDC provider up at {} in {} ms",
        provider.issuer(),
        (System.nanoTime() - started) / 1_000_000);
    return provider;
  }

  /** The trusted issuer, e.g. {@code http://localhost:8090/lightweight}. */
  public String issuer() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** An issuer on the same server that the platform must reject. */
  public String otherIssuer() {
    return server.issuerUrl(OTHER_ISSUER_ID).toString();
  }

  /** {@code issuer() + "/.well-known/openid-configuration"}. */
  public String discoveryUrl() {
    return server.wellKnownUrl(ISSUER_ID).toString();
  }

  public String tokenEndpoint() {
    return server.tokenEndpointUrl(ISSUER_ID).toString();
  }

  public String authorizationEndpoint() {
    return server.authorizationEndpointUrl(ISSUER_ID).toString();
  }

  public String jwksUri() {
    return server.jwksUrl(ISSUER_ID).toString();
  }

  public int port() {
    return server.baseUrl().port();
  }

  /**
   * A token signed by the trusted issuer. {@code claims} are added as they are (e.g. {@code email},
   * {@code name}, {@code scope}); a negative {@code expiry} gives a token that has already expired.
   */
  public String token(
      String subject, String audience, Map<String, Object> claims, Duration expiry) {
    var callback = new FixedCallback(ISSUER_ID, subject, audience, claims, expiry);
    return server.issueToken(ISSUER_ID, SANDBOX_CLIENT, callback).serialize();
  }

  /** A valid-looking token from {@link #otherIssuer()}, signed with that issuer's own key. */
  public String tokenFromOtherIssuer(String subject, String audience) {
    var callback = new FixedCallback(OTHER_ISSUER_ID, subject, audience, Map.of(), TOKEN_LIFETIME);
    return server.issueToken(OTHER_ISSUER_ID, SANDBOX_CLIENT, callback).serialize();
  }

  /**
   * The next token request of the trusted issuer (a browser sign-in's code exchange, say) issues
   * tokens that live {@code lifetime}; the refreshes of that sign-in do too. For tests of token
   * refresh.
   */
  public void nextTokensLive(Duration lifetime) {
    server.enqueueCallback(new GrantCallback(ISSUER_ID, lifetime));
  }

  @Override
  public void close() {
    server.shutdown();
  }

  private static InetAddress loopbackNamedLocalhost() {
    try {
      return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What the token endpoint issues: {@code aud = lightweight} always; for client credentials {@code
   * sub} = the client id and {@code scope} = the requested scope. For the authorization-code flow
   * the server puts the typed username in {@code sub} and the typed claims on top; its tokens and
   * their refreshes carry {@link #SIGN_IN_SCOPES} unless the token request names scopes.
   */
  private record GrantCallback(String issuerId, Duration lifetime) implements OAuth2TokenCallback {

    @Override
    public String subject(TokenRequest request) {
      return clientId(request);
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(AUDIENCE);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      var claims = new HashMap<String, Object>();
      claims.put("azp", clientId(request));
      GrantType grant = request.getAuthorizationGrant().getType();
      if (request.getScope() != null) {
        claims.put("scope", request.getScope().toString());
      } else if (GrantType.AUTHORIZATION_CODE.equals(grant)
          || GrantType.REFRESH_TOKEN.equals(grant)) {
        claims.put("scope", SIGN_IN_SCOPES);
      }
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return lifetime.toSeconds();
    }

    private static String clientId(TokenRequest request) {
      if (request.getClientAuthentication() != null) {
        return request.getClientAuthentication().getClientID().getValue();
      }
      return request.getClientID() == null ? "unknown" : request.getClientID().getValue();
    }
  }

  /** A token for a given subject and audience with given claims, for tests. */
  private record FixedCallback(
      String issuerId,
      String subject,
      String audienceValue,
      Map<String, Object> claims,
      Duration expiry)
      implements OAuth2TokenCallback {

    @Override
    public String subject(TokenRequest request) {
      return subject;
    }

    @Override
    public String typeHeader(TokenRequest request) {
      return "JWT";
    }

    @Override
    public List<String> audience(TokenRequest request) {
      return List.of(audienceValue);
    }

    @Override
    public Map<String, Object> addClaims(TokenRequest request) {
      return claims;
    }

    @Override
    public long tokenExpiry() {
      return expiry.toSeconds();
    }
  }
}
