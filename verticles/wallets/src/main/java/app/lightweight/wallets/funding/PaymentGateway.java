package app.lightweight.wallets.funding;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * The payment provider a funding is paid at. The sandbox's stand-in and Stripe answer the same
 * (PaymentIntents); another provider (Paystack) is another implementation of this interface, chosen
 * by configuration.
 */
public interface PaymentGateway {

  /** The provider's name, kept on each funding. */
  String name();

  /** Asks the provider to collect an amount; idempotent per funding id. */
  Future<ProviderIntent> createIntent(
      String fundingId, long amount, String currency, String returnUrl);

  /** What the provider knows about an intent now (for the reconciler). */
  Future<ProviderIntent> retrieve(String intentId);

  /**
   * A webhook delivery checked for authenticity over its raw body.
   *
   * @throws WebhookRejected when the signature is missing, wrong or stale
   */
  WebhookEvent verify(MultiMap headers, Buffer rawBody);

  /** A delivery that must change nothing: forged, stale, malformed. */
  final class WebhookRejected extends RuntimeException {
    public WebhookRejected(String why) {
      super(why, null, false, false);
    }
  }
}
