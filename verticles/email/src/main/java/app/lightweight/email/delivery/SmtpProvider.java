package app.lightweight.email.delivery;

import app.lightweight.email.Attachment;
import app.lightweight.email.Mailbox;
import app.lightweight.email.delivery.SendResult.Outcome;
import app.lightweight.email.delivery.SendResult.RecipientReply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.impl.SMTPConnection;
import io.vertx.ext.mail.impl.SMTPResponse;
import io.vertx.ext.mail.impl.SmtpConnections;
import io.vertx.ext.mail.mailencoder.MailEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP relay through vertx-mail-client. The library's pool connects, greets, EHLOs, upgrades
 * (STARTTLS) and authenticates; this class then runs MAIL, RCPT, DATA and the message itself, one
 * bounded step at a time, so every fault is known to have come before or after the message data.
 */
public final class SmtpProvider implements Provider {
  private final Vertx vertx;
  private final SmtpSettings settings;
  private final MailConfig config;
  private final MailClient client;
  private final MailClient probeClient;

  public SmtpProvider(Vertx vertx, SmtpSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.config = config(settings);
    this.client = MailClient.create(vertx, config);
    this.probeClient =
        MailClient.create(vertx, new MailConfig(config).setKeepAlive(false).setMaxPoolSize(1));
  }

  static MailConfig config(SmtpSettings settings) {
    MailConfig config =
        new MailConfig()
            .setHostname(settings.host())
            .setPort(settings.port())
            .setSsl(settings.ssl())
            .setStarttls(settings.starttls())
            .setLogin(settings.user() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
            .setUsername(settings.user())
            .setPassword(settings.password())
            .setOwnHostname(settings.ehloHostname())
            .setPipelining(false)
            .setKeepAlive(true)
            .setKeepAliveTimeout(settings.keepAliveSeconds())
            .setKeepAliveTimeoutUnit(TimeUnit.SECONDS)
            .setMaxPoolSize(settings.maxConnections())
            .setMaxMailsPerConnection(settings.maxMailsPerConnection());
    config.setConnectTimeout(settings.connectTimeoutMs());
    // a backstop only: it also ends connections a timed-out handshake left behind (a black hole
    // never answers), and stays above every reply bound
    config.setIdleTimeout(settings.keepAliveSeconds() + 5);
    config.setIdleTimeoutUnit(TimeUnit.SECONDS);
    return config;
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public Future<SendResult> send(Delivery delivery) {
    Buffer data;
    try {
      data = smtpData(new MailEncoder(mime(delivery), settings.ehloHostname(), config).encode());
    } catch (RuntimeException unencodable) {
      return Future.succeededFuture(
          new SendResult(Outcome.REJECTED, 0, "cannot encode: " + unencodable, List.of()));
    }
    Promise<SendResult> done = Promise.promise();
    session(client)
        .onComplete(
            session -> {
              if (session.failed()) {
                done.tryComplete(handshakeFault(session.cause()));
              } else {
                new Transaction(session.result(), delivery, data, done).run();
              }
            });
    return done.future();
  }

  @Override
  public Future<Void> probe() {
    return session(probeClient)
        .compose(
            connection ->
                SmtpConnections.command(connection, "NOOP")
                    .timeout(settings.replyTimeoutMs(), TimeUnit.MILLISECONDS)
                    .andThen(reply -> SmtpConnections.release(connection))
                    .compose(
                        reply ->
                            SmtpConnections.replyCode(reply) / 100 == 2
                                ? Future.<Void>succeededFuture()
                                : Future.<Void>failedFuture("NOOP answered " + reply.getValue())));
  }

  @Override
  public Future<Void> close() {
    return Future.join(client.close(), probeClient.close()).mapEmpty();
  }

  /**
   * A ready connection within the handshake bound. The pool's wait and the handshake themselves
   * cannot be cancelled: a connection that turns up late is handed back unused (nothing was sent).
   */
  private Future<SMTPConnection> session(MailClient from) {
    Promise<SMTPConnection> ready = Promise.promise();
    long timer =
        vertx.setTimer(
            settings.handshakeTimeoutMs(),
            t ->
                ready.tryFail(
                    new java.util.concurrent.TimeoutException(
                        "no SMTP session within " + settings.handshakeTimeoutMs() + " ms")));
    SmtpConnections.acquire(from, settings.ehloHostname())
        .onComplete(
            connection -> {
              vertx.cancelTimer(timer);
              if (connection.succeeded() && !ready.tryComplete(connection.result())) {
                SmtpConnections.release(connection.result());
              } else if (connection.failed()) {
                ready.tryFail(connection.cause());
              }
            });
    return ready.future();
  }

  private static SendResult handshakeFault(Throwable cause) {
    if (cause instanceof SMTPException smtp) {
      return SendResult.providerFault(smtp.getReplyCode(), smtp.getMessage());
    }
    return SendResult.providerFault(0, describe(cause));
  }

  static String describe(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + ": " + root.getMessage();
    return root == cause ? text : cause.getMessage() + " (" + text + ")";
  }

  private MailMessage mime(Delivery delivery) {
    var content = delivery.content();
    MailMessage mail =
        new MailMessage()
            .setFrom(content.from().formatted())
            .setSubject(content.subject())
            .setText(content.text())
            .setHtml(content.html());
    if (!content.to().isEmpty()) {
      mail.setTo(content.to().stream().map(Mailbox::formatted).toList());
    }
    if (!content.cc().isEmpty()) {
      mail.setCc(content.cc().stream().map(Mailbox::formatted).toList());
    }
    List<MailAttachment> files = new ArrayList<>();
    for (Attachment attachment : delivery.attachments()) {
      files.add(
          MailAttachment.create()
              .setName(attachment.fileName())
              .setContentType(attachment.contentType())
              .setData(Buffer.buffer(attachment.content())));
    }
    if (!files.isEmpty()) {
      mail.setAttachment(files);
    }
    content.headers().forEach(mail::addHeader);
    if (content.replyTo() != null) {
      mail.addHeader("Reply-To", content.replyTo().formatted());
    }
    mail.addHeader("Message-ID", "<" + delivery.messageId() + ">");
    JsonObject ours = new JsonObject().put("lightweight_id", delivery.id());
    switch (settings.kind()) {
      case "mailgun" -> {
        mail.addHeader("X-Mailgun-Variables", ours.encode());
        content.tags().forEach(tag -> mail.addHeader("X-Mailgun-Tag", tag));
      }
      case "sparkpost" -> {
        JsonObject api = new JsonObject().put("metadata", ours);
        if (!content.tags().isEmpty()) {
          api.put("campaign_id", content.tags().get(0));
        }
        mail.addHeader("X-MSYS-API", api.encode());
      }
      default -> mail.addHeader("X-Lightweight-Id", delivery.id());
    }
    return mail;
  }

  /**
   * The message as the bytes of DATA: CRLF line ends, dot-stuffed, ending in CRLF, without the
   * final dot. The encoder's output is ASCII (it encodes everything else), so one pass over its
   * bytes does it; a 100 kB attachment is about 140 kB of base64 lines.
   */
  static Buffer smtpData(String encoded) {
    byte[] in = encoded.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[in.length + in.length / 38 + 8];
    int n = 0;
    boolean lineStart = true;
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (n + 3 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      if (b == '\n') {
        out[n++] = '\r';
        out[n++] = '\n';
        lineStart = true;
        continue;
      }
      if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
        continue; // the CRLF is written at the LF
      }
      if (lineStart && b == '.') {
        out[n++] = '.';
      }
      out[n++] = b;
      lineStart = false;
    }
    if (!lineStart) {
      if (n + 2 > out.length) {
        out = Arrays.copyOf(out, n + 2);
      }
      out[n++] = '\r';
      out[n++] = '\n';
    }
    return Buffer.buffer(n == out.length ? out : Arrays.copyOf(out, n));
  }

  /** MAIL, RCPT…, DATA, the message, the final dot: each step bounded; the stage says the rest. */
  private final class Transaction {
    private final SMTPConnection connection;
    private final Delivery delivery;
    private final Buffer data;
    private final Promise<SendResult> done;
    private final List<RecipientReply> replies = new ArrayList<>();
    private boolean dataSent;
    private final long overall;

    Transaction(
        SMTPConnection connection, Delivery delivery, Buffer data, Promise<SendResult> done) {
      this.connection = connection;
      this.delivery = delivery;
      this.data = data;
      this.done = done;
      long bound = settings.sendTimeoutMs();
      this.overall =
          vertx.setTimer(
              bound,
              t ->
                  fault(
                      new java.util.concurrent.TimeoutException(
                          "no end of the SMTP transaction within " + bound + " ms")));
    }

    void run() {
      step("MAIL FROM:<" + delivery.content().from().address() + ">", settings.replyTimeoutMs())
          .compose(
              mailFrom -> {
                if (!ok(mailFrom)) {
                  return end(result(Outcome.PROVIDER_FAULT, mailFrom));
                }
                return recipients(0);
              })
          .onFailure(this::fault);
    }

    private Future<Void> recipients(int index) {
      if (index < delivery.envelopeTo().size()) {
        String address = delivery.envelopeTo().get(index);
        return step("RCPT TO:<" + address + ">", settings.replyTimeoutMs())
            .compose(
                reply -> {
                  replies.add(
                      new RecipientReply(
                          address, SmtpConnections.replyCode(reply), reply.getValue()));
                  return recipients(index + 1);
                });
      }
      if (replies.stream().anyMatch(RecipientReply::deferred)) {
        RecipientReply first = replies.stream().filter(RecipientReply::deferred).findFirst().get();
        return end(new SendResult(Outcome.DEFERRED, first.code(), first.text(), replies));
      }
      if (replies.stream().noneMatch(RecipientReply::accepted)) {
        RecipientReply first = replies.get(0);
        return end(new SendResult(Outcome.REJECTED, first.code(), first.text(), replies));
      }
      return step("DATA", settings.replyTimeoutMs())
          .compose(
              dataCommand -> {
                if (SmtpConnections.replyCode(dataCommand) != 354) {
                  return end(result(Outcome.PROVIDER_FAULT, dataCommand));
                }
                dataSent = true;
                return SmtpConnections.data(connection, data)
                    .compose(written -> step(".", settings.dataTimeoutMs()))
                    .compose(
                        dot -> {
                          int code = SmtpConnections.replyCode(dot);
                          Outcome outcome =
                              code / 100 == 2
                                  ? Outcome.ACCEPTED
                                  : code / 100 == 4 ? Outcome.DEFERRED : Outcome.REJECTED;
                          return end(result(outcome, dot));
                        });
              });
    }

    private SendResult result(Outcome outcome, SMTPResponse reply) {
      return new SendResult(
          outcome, SmtpConnections.replyCode(reply), reply.getValue().trim(), replies);
    }

    private boolean ok(SMTPResponse reply) {
      return SmtpConnections.replyCode(reply) / 100 == 2;
    }

    private Future<SMTPResponse> step(String line, long timeoutMs) {
      Promise<SMTPResponse> reply = Promise.promise();
      long timer =
          vertx.setTimer(
              timeoutMs,
              t -> {
                reply.tryFail(
                    new java.util.concurrent.TimeoutException(
                        "no reply to " + verb(line) + " within " + timeoutMs + " ms"));
                SmtpConnections.cut(connection);
              });
      SmtpConnections.command(connection, line)
          .onComplete(
              answer -> {
                vertx.cancelTimer(timer);
                if (answer.succeeded()) {
                  reply.tryComplete(answer.result());
                } else {
                  reply.tryFail(answer.cause());
                }
              });
      return reply.future();
    }

    private Future<Void> end(SendResult result) {
      vertx.cancelTimer(overall);
      if (result.outcome() == Outcome.ACCEPTED) {
        SmtpConnections.release(connection);
      } else {
        SmtpConnections.quit(connection);
      }
      done.tryComplete(result);
      return Future.succeededFuture();
    }

    private void fault(Throwable cause) {
      vertx.cancelTimer(overall);
      SmtpConnections.cut(connection);
      done.tryComplete(
          new SendResult(
              dataSent ? Outcome.UNKNOWN : Outcome.PROVIDER_FAULT, 0, describe(cause), replies));
    }

    private static String verb(String line) {
      int space = line.indexOf(' ');
      return space < 0
          ? line
          : line.substring(0, line.indexOf(':') > 0 ? line.indexOf(':') : space);
    }
  }
}
