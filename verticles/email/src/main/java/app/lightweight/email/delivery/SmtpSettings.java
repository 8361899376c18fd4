package app.lightweight.email.delivery;

import app.lightweight.shared.config.Settings;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;

/**
 * One SMTP relay and the bounds put on it. Presets: {@code mailgun} ({@code smtp.mailgun.org:587},
 * STARTTLS, login {@code postmaster@<domain>}) and {@code sparkpost} ({@code
 * smtp.sparkpostmail.com:587}, STARTTLS, user {@code SMTP_Injection}, at most 100 messages per
 * connection); any other name is a plain relay.
 *
 * @param connectTimeoutMs TCP connect
 * @param handshakeTimeoutMs greeting, EHLO, STARTTLS and AUTH together (or the wait for a kept
 *     connection): a black hole is noticed after this long
 * @param replyTimeoutMs each reply to MAIL, RCPT, DATA
 * @param dataTimeoutMs the reply to the final dot, and the writing of the message before it
 * @param sendTimeoutMs MAIL to the final reply in all, whatever the steps took
 * @param keepAliveSeconds a kept connection is retired after this long unused (SparkPost drops idle
 *     ones after 60 s)
 */
public record SmtpSettings(
    String name,
    String kind,
    String host,
    int port,
    String user,
    String password,
    StartTLSOptions starttls,
    boolean ssl,
    int connectTimeoutMs,
    int handshakeTimeoutMs,
    int replyTimeoutMs,
    int dataTimeoutMs,
    int sendTimeoutMs,
    int keepAliveSeconds,
    int maxConnections,
    int maxMailsPerConnection,
    String ehloHostname) {

  public static SmtpSettings from(Settings settings, String name) {
    String prefix = "SMTP_" + name.toUpperCase(Locale.ROOT) + "_";
    String kind = settings.string(prefix + "KIND", name.toLowerCase(Locale.ROOT));
    String defaultHost =
        switch (kind) {
          case "mailgun" -> "smtp.mailgun.org";
          case "sparkpost" -> "smtp.sparkpostmail.com";
          default -> "localhost";
        };
    String host = settings.string(prefix + "HOST", defaultHost);
    boolean realProvider = host.endsWith(".mailgun.org") || host.endsWith(".sparkpostmail.com");
    String starttls = settings.string(prefix + "STARTTLS", realProvider ? "required" : "optional");
    String defaultUser = kind.equals("sparkpost") ? "SMTP_Injection" : null;
    return new SmtpSettings(
        name,
        kind,
        host,
        settings.integer(prefix + "PORT", 587),
        settings.string(prefix + "USER", defaultUser),
        settings.optional(prefix + "PASSWORD").orElse(null),
        StartTLSOptions.valueOf(starttls.toUpperCase(Locale.ROOT)),
        Boolean.parseBoolean(settings.string(prefix + "SSL", "false")),
        settings.integer("SMTP_CONNECT_TIMEOUT_MS", 1_000),
        settings.integer("SMTP_HANDSHAKE_TIMEOUT_MS", 2_000),
        settings.integer("SMTP_REPLY_TIMEOUT_MS", 10_000),
        settings.integer("SMTP_DATA_TIMEOUT_MS", 30_000),
        settings.integer("SMTP_SEND_TIMEOUT_MS", 60_000),
        settings.integer("SMTP_KEEP_ALIVE_SECONDS", 40),
        settings.integer(prefix + "MAX_CONNECTIONS", settings.integer("SMTP_MAX_CONNECTIONS", 16)),
        settings.integer(prefix + "MAX_MAILS_PER_CONNECTION", kind.equals("sparkpost") ? 100 : -1),
        settings.string("SMTP_EHLO_HOSTNAME", "lightweight.local"));
  }
}
