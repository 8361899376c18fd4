package app.lightweight.email.delivery;

import app.lightweight.shared.config.Settings;

/**
 * @param maxFailures provider faults in a row (within the window) that open the breaker
 * @param resetTimeoutMs how long an open breaker waits before it probes the provider
 * @param windowMs the rolling window the failures are counted in
 */
public record BreakerSettings(int maxFailures, long resetTimeoutMs, long windowMs) {
  public static BreakerSettings from(Settings settings) {
    return new BreakerSettings(
        settings.integer("BREAKER_MAX_FAILURES", 3),
        settings.integer("BREAKER_RESET_TIMEOUT_MS", 10_000),
        settings.integer("BREAKER_WINDOW_MS", 10_000));
  }
}
