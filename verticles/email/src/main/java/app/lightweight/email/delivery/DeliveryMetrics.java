package app.lightweight.email.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code email_attempts_total{provider,outcome}}, {@code email_failover_seconds} (from the first
 * try's start to the acceptance by a later provider) and {@code email_breaker_open{provider}}.
 */
public final class DeliveryMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Timer failover;

  public DeliveryMetrics(MeterRegistry registry, List<ProviderGate> gates) {
    this.registry = registry;
    this.failover =
        Timer.builder("email.failover")
            .description("time from a message's first try to its acceptance by a later provider")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    for (ProviderGate gate : gates) {
      Gauge.builder(
              "email.breaker.open", gate, g -> g.state() == CircuitBreakerState.CLOSED ? 0 : 1)
          .tag("provider", gate.name())
          .register(registry);
    }
  }

  /** The registry /metrics shows (Vert.x's Micrometer backend), or a private one without it. */
  public static MeterRegistry defaultRegistry() {
    MeterRegistry shared = BackendRegistries.getDefaultNow();
    return shared != null ? shared : new SimpleMeterRegistry();
  }

  public void attempt(String provider, String outcome) {
    attempts
        .computeIfAbsent(
            provider + "/" + outcome,
            key ->
                Counter.builder("email.attempts")
                    .tag("provider", provider)
                    .tag("outcome", outcome)
                    .register(registry))
        .increment();
  }

  public void failedOver(Duration took) {
    failover.record(took);
  }

  public MeterRegistry registry() {
    return registry;
  }
}
