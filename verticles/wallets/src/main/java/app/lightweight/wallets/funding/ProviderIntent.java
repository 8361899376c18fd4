package app.lightweight.wallets.funding;

/**
 * A provider's payment as the wallets service needs it.
 *
 * @param outcome {@code succeeded}, {@code failed} or {@code pending}
 * @param failureReason the provider's reason for a failure ({@code insufficient_funds})
 */
public record ProviderIntent(
    String id,
    String fundingId,
    long amount,
    String currency,
    String outcome,
    String failureReason,
    String checkoutUrl) {}
