package app.lightweight.shared.auth;

import app.lightweight.shared.config.Settings;

/** Where tokens come from and whom they must be for. */
public record OidcConfig(String issuer, String audience) {

  public static OidcConfig from(Settings settings) {
    return new OidcConfig(
        settings.required(
            "OIDC_ISSUER", "the OIDC issuer URL, e.g. https://your-tenant.auth0.com/"),
        settings.string("OIDC_AUDIENCE", "lightweight"));
  }
}
