package app.lightweight.wallets;

import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;
import java.time.Duration;

/**
 * The wallets service's settings, read once at start.
 *
 * @param maxAmount the most one transfer may move, in minor units
 * @param groupCommitBatch postings written in one transaction at most
 * @param groupCommitInFlight batches written at the same time at most
 */
public record WalletsConfig(
    ServiceConfig service,
    long maxAmount,
    ServiceCharges charges,
    String paymentsApiBase,
    String paymentsSecretKey,
    String paymentsWebhookSecret,
    String fundingReturnUrl,
    Duration reconcileEvery,
    Duration reconcileAfter,
    int groupCommitBatch,
    int groupCommitInFlight) {

  public static final String DEFAULT_CHARGES =
      "NGN:150:10000:0,USD:290:30:0,EUR:140:25:0,GBP:140:20:0";

  public static WalletsConfig from(Settings settings) {
    return new WalletsConfig(
        ServiceConfig.from(settings, WalletsVerticle.LOCAL_PORT),
        Long.parseLong(settings.string("MAX_AMOUNT", "100000000000")),
        ServiceCharges.parse(settings.string("SERVICE_CHARGES", DEFAULT_CHARGES)),
        settings.string("PAYMENTS_API_BASE", "http://127.0.0.1:8091"),
        settings.required("PAYMENTS_SECRET_KEY", "the payment provider's secret API key"),
        settings.required("PAYMENTS_WEBHOOK_SECRET", "the secret the provider signs webhooks with"),
        settings.string("FUNDING_RETURN_URL", "http://localhost:8080/wallet"),
        Duration.ofMillis(settings.integer("RECONCILE_EVERY_MS", 60_000)),
        Duration.ofSeconds(settings.integer("RECONCILE_AFTER_S", 600)),
        settings.integer("GROUP_COMMIT_BATCH", 256),
        settings.integer("GROUP_COMMIT_IN_FLIGHT", 2));
  }
}
