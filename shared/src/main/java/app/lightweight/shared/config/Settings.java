package app.lightweight.shared.config;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration read from environment variables. A service looks a setting up by its plain name
 * ({@code HTTP_PORT}); a name prefixed with the service ({@code USERS_HTTP_PORT}) wins, so that
 * several services can share one environment (one JVM locally, one task definition on ECS).
 */
public final class Settings {
  private final String service;
  private final Map<String, String> env;

  private Settings(String service, Map<String, String> env) {
    this.service = service;
    this.env = Map.copyOf(env);
  }

  public static Settings of(String service, Map<String, String> env) {
    return new Settings(service, env);
  }

  public String service() {
    return service;
  }

  public Optional<String> optional(String name) {
    String prefixed = env.get(service.toUpperCase() + "_" + name);
    String value = prefixed != null ? prefixed : env.get(name);
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  public String string(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  /** A setting without which the service cannot start; its absence fails start-up. */
  public String required(String name, String whatItIs) {
    return optional(name).orElseThrow(() -> new MissingSetting(name, whatItIs));
  }

  public int integer(String name, int fallback) {
    return optional(name).map(value -> parseInt(name, value)).orElse(fallback);
  }

  private static int parseInt(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException notANumber) {
      throw new InvalidSetting(name, "must be a whole number, was '" + value + "'");
    }
  }

  /** A required setting is absent. Its message is the one line a person needs to fix it. */
  public static final class MissingSetting extends RuntimeException {
    public MissingSetting(String name, String whatItIs) {
      super("missing required setting " + name + " (" + whatItIs + ")", null, false, false);
    }
  }

  /** A setting is present but unusable. */
  public static final class InvalidSetting extends RuntimeException {
    public InvalidSetting(String name, String why) {
      super("invalid setting " + name + ": " + why, null, false, false);
    }
  }
}
