package app.lightweight.invoices.sending;

import app.lightweight.shared.config.Settings;

/**
 * How the invoices service's emails go out.
 *
 * @param from the platform's sender address ({@code INVOICES_MAIL_FROM}); a domain the email
 *     service may send from
 * @param retryBaseMs the first wait after the email service could not take a send; doubled per try
 * @param retryMaxMs the longest wait between tries (sends are retried until taken, never dropped)
 * @param pollMs how often the relay looks for due sends besides being woken by a new one
 * @param leaseMs how long a relay holds a send it took; then another may hand it over (the email
 *     service's idempotency key keeps it one message)
 * @param replyTimeoutMs how long the relay waits for {@code email.send}'s reply
 * @param reconcileEveryMs how often sends whose email events were not heard are looked up
 * @param reconcileAfterMs how long a handed-over send's status must not have moved before the email
 *     service is asked about it (and then again at most once per that period)
 */
public record SendSettings(
    String from,
    long retryBaseMs,
    long retryMaxMs,
    long pollMs,
    long leaseMs,
    long replyTimeoutMs,
    long reconcileEveryMs,
    long reconcileAfterMs) {

  public static final String DEFAULT_FROM = "invoices@lightweight.test";

  public static SendSettings from(Settings settings) {
    SendSettings read =
        new SendSettings(
            settings.string("MAIL_FROM", DEFAULT_FROM).strip(),
            settings.integer("SEND_RETRY_BASE_MS", 500),
            settings.integer("SEND_RETRY_MAX_MS", 60_000),
            settings.integer("SEND_POLL_MS", 1_000),
            settings.integer("SEND_LEASE_MS", 120_000),
            settings.integer("SEND_REPLY_TIMEOUT_MS", 30_000),
            settings.integer("SEND_RECONCILE_EVERY_MS", 60_000),
            settings.integer("SEND_RECONCILE_AFTER_MS", 120_000));
    if (!InvoiceEmail.isAddress(read.from)) {
      throw new Settings.InvalidSetting("MAIL_FROM", "an email address; was " + read.from);
    }
    if (read.leaseMs <= read.replyTimeoutMs) {
      throw new Settings.InvalidSetting(
          "SEND_LEASE_MS", "longer than SEND_REPLY_TIMEOUT_MS (" + read.replyTimeoutMs + ")");
    }
    return read;
  }

  /** The wait before try {@code attempts + 1}: doubling from the base, capped, with jitter. */
  long backoffMs(int attempts, double random) {
    double exponential = retryBaseMs * Math.pow(2, Math.max(0, attempts - 1));
    double capped = Math.min(retryMaxMs, exponential);
    return Math.max(1, Math.round(capped * (0.5 + 0.5 * random)));
  }
}
