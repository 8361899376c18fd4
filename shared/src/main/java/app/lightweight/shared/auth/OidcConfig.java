package app.lightweight.shared.auth;

import app.lightweight.shared.config.Settings;

/**
 * Where tokens come from, whom they must be for, and how their claims read.
 *
 * @param issuer exactly as the provider's discovery document names it
 * @param audience the value {@code audienceClaim} must hold (or contain, if it is an array)
 * @param audienceClaim {@code aud} for most providers; {@code client_id} for Cognito access tokens
 * @param scopePrefix stripped from each scope ({@code <resource server id>/} for Cognito); when
 *     set, scopes without it grant nothing
 * @param clockSkewSeconds how long past {@code exp} (and before {@code iat}/{@code nbf}) a token is
 *     still taken
 * @param jwksMinRefreshMs the least time between two JWKS fetches caused by unknown signing keys
 */
public record OidcConfig(
    String issuer,
    String audience,
    String audienceClaim,
    String scopePrefix,
    int clockSkewSeconds,
    long jwksMinRefreshMs) {

  public static final int DEFAULT_CLOCK_SKEW_SECONDS = 1;
  public static final long DEFAULT_JWKS_MIN_REFRESH_MS = 1_000;

  public OidcConfig {
    if (clockSkewSeconds < 0) {
      throw new Settings.InvalidSetting("OIDC_CLOCK_SKEW_SECONDS", "must be 0 or more");
    }
    scopePrefix = scopePrefix == null ? "" : scopePrefix;
  }

  public OidcConfig(String issuer, String audience) {
    this(issuer, audience, DEFAULT_JWKS_MIN_REFRESH_MS);
  }

  public OidcConfig(String issuer, String audience, long jwksMinRefreshMs) {
    this(issuer, audience, "aud", "", DEFAULT_CLOCK_SKEW_SECONDS, jwksMinRefreshMs);
  }

  public static OidcConfig from(Settings settings) {
    return new OidcConfig(
        settings.required(
            "OIDC_ISSUER", "the OIDC issuer URL, e.g. https://your-tenant.auth0.com/"),
        settings.string("OIDC_AUDIENCE", "lightweight"),
        settings.string("OIDC_AUDIENCE_CLAIM", "aud"),
        settings.string("OIDC_SCOPE_PREFIX", ""),
        settings.integer("OIDC_CLOCK_SKEW_SECONDS", DEFAULT_CLOCK_SKEW_SECONDS),
        settings.integer("OIDC_JWKS_MIN_REFRESH_MS", (int) DEFAULT_JWKS_MIN_REFRESH_MS));
  }
}
