package app.lightweight.shared.auth;

import app.lightweight.shared.config.Settings;

/**
 * Where tokens come from and whom they must be for.
 *
 * @param jwksMinRefreshMs how soon after one JWKS fetch an unknown signing key may cause another
 */
public record OidcConfig(String issuer, String audience, long jwksMinRefreshMs) {

  public OidcConfig(String issuer, String audience) {
    this(issuer, audience, 30_000);
  }

  public static OidcConfig from(Settings settings) {
    return new OidcConfig(
        settings.required(
            "OIDC_ISSUER", "the OIDC issuer URL, e.g. https://your-tenant.auth0.com/"),
        settings.string("OIDC_AUDIENCE", "lightweight"),
        settings.integer("OIDC_JWKS_MIN_REFRESH_MS", 30_000));
  }
}
