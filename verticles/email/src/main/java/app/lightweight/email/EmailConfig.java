package app.lightweight.email;

import app.lightweight.email.delivery.BreakerSettings;
import app.lightweight.email.delivery.DispatchSettings;
import app.lightweight.email.delivery.SmtpSettings;
import app.lightweight.shared.ServiceConfig;
import app.lightweight.shared.config.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The email service's settings, read once at start.
 *
 * @param providers in priority order ({@code EMAIL_PROVIDERS=mailgun,sparkpost})
 * @param senderDomains the domains a {@code from} address may have ({@code EMAIL_SENDER_DOMAINS})
 */
public record EmailConfig(
    ServiceConfig service,
    List<SmtpSettings> providers,
    BreakerSettings breaker,
    DispatchSettings dispatch,
    Limits limits,
    Set<String> senderDomains,
    Webhooks webhooks) {

  /** Bad-input bounds of a message. */
  public record Limits(int maxRecipients, int maxAttachments, long maxAttachmentBytes) {}

  /** Webhook credentials; null disables that provider's endpoint (401). */
  public record Webhooks(
      String mailgunSigningKey,
      long mailgunToleranceSeconds,
      String sparkpostUser,
      String sparkpostPassword) {}

  public static EmailConfig from(Settings settings, int localPort) {
    List<SmtpSettings> providers =
        names(settings.string("PROVIDERS", "mailgun,sparkpost")).stream()
            .map(name -> SmtpSettings.from(settings, name))
            .toList();
    DispatchSettings dispatch = DispatchSettings.from(settings);
    for (SmtpSettings smtp : providers) {
      long longestTry = smtp.handshakeTimeoutMs() + smtp.sendTimeoutMs() + 1_000L;
      if (dispatch.leaseMs() < longestTry) {
        // a lease that ends while its try still runs lets a second try send the message again
        throw new Settings.InvalidSetting(
            "DISPATCH_LEASE_MS",
            "must be at least " + longestTry + " ms (handshake + send timeout + 1 s)");
      }
    }
    return new EmailConfig(
        ServiceConfig.from(settings, localPort),
        providers,
        BreakerSettings.from(settings),
        dispatch,
        new Limits(
            settings.integer("MAX_RECIPIENTS", 50),
            settings.integer("MAX_ATTACHMENTS", 20),
            settings.integer("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)),
        Set.copyOf(names(settings.string("SENDER_DOMAINS", "lightweight.test,example.com"))),
        new Webhooks(
            settings.optional("MAILGUN_WEBHOOK_SIGNING_KEY").orElse(null),
            settings.integer("MAILGUN_WEBHOOK_TOLERANCE_SECONDS", 300),
            settings.optional("SPARKPOST_WEBHOOK_USER").orElse(null),
            settings.optional("SPARKPOST_WEBHOOK_PASSWORD").orElse(null)));
  }

  private static List<String> names(String list) {
    return Arrays.stream(list.split(","))
        .map(name -> name.trim().toLowerCase(Locale.ROOT))
        .filter(name -> !name.isEmpty())
        .collect(Collectors.toList());
  }
}
