package app.lightweight.shared;

import app.lightweight.shared.auth.OidcConfig;
import app.lightweight.shared.config.Settings;
import app.lightweight.shared.db.DbConfig;
import app.lightweight.shared.events.KafkaSettings;
import app.lightweight.shared.http.HttpConfig;

/**
 * The settings every service has: its name, HTTP port and request deadline, database, token issuer
 * and the Kafka leg of its outbox. A service's own config record holds one of these beside its own
 * settings ({@code InvoicesConfig.from(Settings)}), read once when the verticle starts.
 *
 * @param http {@code HTTP_PORT} (the service's fixed local port when unset; 0 picks a free one) and
 *     {@code HTTP_REQUEST_DEADLINE_SECONDS}
 */
public record ServiceConfig(
    String name, HttpConfig http, DbConfig db, OidcConfig oidc, KafkaSettings kafka) {

  /**
   * @throws Settings.MissingSetting when a required setting (the OIDC issuer) is absent
   */
  public static ServiceConfig from(Settings settings, int localPort) {
    return new ServiceConfig(
        settings.service(),
        HttpConfig.from(settings, localPort),
        DbConfig.from(settings),
        OidcConfig.from(settings),
        KafkaSettings.from(settings));
  }
}
