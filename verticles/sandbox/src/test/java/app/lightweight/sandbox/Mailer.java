package app.lightweight.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/** Sends through a relay with vertx-mail-client, configured the way the email service will be. */
final class Mailer {

  static final Duration BOUND = Duration.ofSeconds(15);
  static final byte[] PDF = {'%', 'P', 'D', 'F', '-', '1', '.', '7', 0, (byte) 0xff, '\n'};

  private Mailer() {}

  static MailConfig config(SmtpRelay relay) {
    return new MailConfig()
        .setHostname(relay.host())
        .setPort(relay.port())
        .setStarttls(StartTLSOptions.DISABLED)
        .setLogin(LoginOption.REQUIRED)
        .setUsername(relay.user())
        .setPassword(relay.password())
        .setKeepAlive(false)
        .setConnectTimeout(2_000);
  }

  static MailClient client(Vertx vertx, SmtpRelay relay, UnaryOperator<MailConfig> tweak) {
    return MailClient.create(vertx, tweak.apply(config(relay)));
  }

  static MailMessage invoice(String messageId, String... to) {
    var message =
        new MailMessage()
            .setFrom("billing@acme.test")
            .setTo(List.of(to))
            .setSubject("Invoice INV-0001")
            .setText("Your invoice. Pay here: http://localhost:8080/pay/abc")
            .setAttachment(
                List.of(
                    MailAttachment.create()
                        .setName("INV-0001.pdf")
                        .setContentType("application/pdf")
                        .setData(Buffer.buffer(PDF))));
    message.addHeader("Message-ID", messageId);
    return message;
  }

  /** Waits for {@code future} (bounded) and returns its failure; fails if it succeeded. */
  static Throwable failureOf(Future<?> future) throws Exception {
    try {
      var result = await(future);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  static <T> T await(Future<T> future)
      throws ExecutionException, InterruptedException, TimeoutException {
    return future
        .toCompletionStage()
        .toCompletableFuture()
        .get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }
}
