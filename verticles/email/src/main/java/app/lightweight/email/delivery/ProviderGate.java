package app.lightweight.email.delivery;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider behind its own circuit breaker. Only provider faults and unknown outcomes count as
 * failures; every other outcome is a working provider (it answered), which the breaker takes as a
 * success. The breaker has no timeout and no retries: the provider bounds its own sends, and the
 * dispatcher decides about trying again. Real mail goes through only while the breaker is closed:
 * when it half-opens, a probe (connect, EHLO, AUTH, NOOP) is its trial call.
 */
public final class ProviderGate {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderGate.class);

  private final Vertx vertx;
  private final Provider provider;
  private final CircuitBreaker breaker;

  public ProviderGate(Vertx vertx, Provider provider, BreakerSettings settings) {
    this.vertx = vertx;
    this.provider = provider;
    this.breaker =
        CircuitBreaker.create(
                "smtp-" + provider.name(),
                vertx,
                new CircuitBreakerOptions()
                    .setMaxFailures(settings.maxFailures())
                    .setTimeout(-1)
                    .setMaxRetries(0)
                    .setResetTimeout(settings.resetTimeoutMs())
                    .setFailuresRollingWindow(settings.windowMs()))
            .openHandler(v -> LOG.warn("provider {}: breaker open", provider.name()))
            .closeHandler(v -> LOG.info("provider {}: breaker closed", provider.name()))
            .halfOpenHandler(v -> vertx.runOnContext(probe -> probe()));
  }

  public String name() {
    return provider.name();
  }

  public Provider provider() {
    return provider;
  }

  public CircuitBreakerState state() {
    return breaker.state();
  }

  public boolean takesMail() {
    return breaker.state() == CircuitBreakerState.CLOSED;
  }

  /** The provider's answer, or null when the breaker did not let the message through. */
  public Future<SendResult> send(Delivery delivery) {
    return breaker
        .<SendResult>execute(
            () ->
                provider
                    .send(delivery)
                    .compose(
                        result ->
                            result.countsAgainstProvider()
                                ? Future.failedFuture(new Counted(result))
                                : Future.succeededFuture(result)))
        .recover(
            failure -> {
              if (failure instanceof Counted counted) {
                return Future.succeededFuture(counted.result);
              }
              if (failure instanceof OpenCircuitException) {
                return Future.succeededFuture(null);
              }
              return Future.succeededFuture(
                  SendResult.providerFault(0, SmtpProvider.describe(failure)));
            });
  }

  private void probe() {
    breaker
        .<Void>execute(provider::probe)
        .onSuccess(v -> LOG.info("provider {}: probe passed", provider.name()))
        .onFailure(
            failure ->
                LOG.warn("provider {}: probe failed: {}", provider.name(), failure.getMessage()));
  }

  public Future<Void> close() {
    breaker.close();
    return provider.close();
  }

  /** A result the breaker must count; carried as a failure through it, then unwrapped. */
  private static final class Counted extends RuntimeException {
    final SendResult result;

    Counted(SendResult result) {
      super(result.replyText(), null, false, false);
      this.result = result;
    }
  }
}
