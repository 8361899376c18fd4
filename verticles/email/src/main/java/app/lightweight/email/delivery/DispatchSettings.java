package app.lightweight.email.delivery;

import app.lightweight.shared.config.Settings;

/**
 * @param concurrency messages in flight per instance
 * @param leaseMs how long a claimed message is this instance's; above the longest bounded send
 * @param pollMs how often the queue is looked at when nothing woke the dispatcher
 * @param maxAttempts tries (each through every provider that takes mail) before {@code failed}
 * @param retryBaseMs first delay of the exponential backoff (with jitter)
 * @param retryMaxMs the longest delay
 * @param unknownRetryMs the least wait after an unknown outcome: time for the provider's delivery
 *     report to settle it, so that it is not sent a second time
 * @param poolSize PostgreSQL connections of the dispatcher's own pool (apart from the API's, so
 *     that a busy API cannot starve sending)
 */
public record DispatchSettings(
    int concurrency,
    long leaseMs,
    long pollMs,
    int maxAttempts,
    long retryBaseMs,
    long retryMaxMs,
    long unknownRetryMs,
    int poolSize) {
  public static DispatchSettings from(Settings settings) {
    return new DispatchSettings(
        settings.integer("DISPATCH_CONCURRENCY", 16),
        settings.integer("DISPATCH_LEASE_MS", 120_000),
        settings.integer("DISPATCH_POLL_MS", 250),
        settings.integer("RETRY_MAX_ATTEMPTS", 10),
        settings.integer("RETRY_BASE_MS", 5_000),
        settings.integer("RETRY_MAX_MS", 600_000),
        settings.integer("RETRY_AFTER_UNKNOWN_MS", 60_000),
        settings.integer("DISPATCH_PG_POOL_SIZE", 4));
  }

  /** Equal-jitter backoff: uniformly between half and all of base·2^(attempt-1), capped. */
  public long backoffMs(int attempt, double random) {
    double exponential = retryBaseMs * Math.pow(2, Math.max(0, attempt - 1));
    double capped = Math.min(retryMaxMs, exponential);
    return (long) (capped * (0.5 + random / 2));
  }
}
