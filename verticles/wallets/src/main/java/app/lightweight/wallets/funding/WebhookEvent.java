package app.lightweight.wallets.funding;

/**
 * A verified webhook event: its id (for deduplication), type and the intent it is about.
 *
 * @param intent null for an event type the service does not handle
 */
public record WebhookEvent(String id, String type, ProviderIntent intent) {}
