package app.lightweight.users;

import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;

/** The users service's settings, read once at start. */
public record UsersConfig(ServiceConfig service) {

  public static UsersConfig from(Settings settings) {
    return new UsersConfig(ServiceConfig.from(settings, UsersVerticle.LOCAL_PORT));
  }
}
