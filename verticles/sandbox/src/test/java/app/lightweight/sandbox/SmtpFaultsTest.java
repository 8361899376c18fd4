package app.lightweight.sandbox;

import static app.lightweight.sandbox.Mailer.await;
import static app.lightweight.sandbox.Mailer.failureOf;
import static app.lightweight.sandbox.Mailer.invoice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.SMTPException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault as vertx-mail-client, the email service's client, sees it on the wire. */
class SmtpFaultsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static Vertx vertx;
  private static SmtpRelay relay;
  private final List<MailClient> clients = new ArrayList<>();

  @BeforeAll
  static void startRelay() {
    vertx = Vertx.vertx();
    relay = SmtpRelay.start("mailgun", 0, "mailgun", "mailgun-secret");
  }

  @AfterAll
  static void closeRelay() throws Exception {
    relay.close();
    await(vertx.close());
  }

  @BeforeEach
  void cleanRelay() {
    relay.start();
    relay.reset();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(MailClient::close);
  }

  @Test
  void mailArrivesOnceByMessageIdWithItsAttachmentBytes() throws Exception {
    var result = await(client().sendMail(invoice("<inv_1@lightweight.test>", "ada@example.com")));

    assertThat(result.getMessageID()).isEqualTo("<inv_1@lightweight.test>");
    assertThat(relay.messageIds()).containsExactly("<inv_1@lightweight.test>");
    assertThat(relay.count("inv_1@lightweight.test")).isEqualTo(1);
    assertThat(relay.count("<other@lightweight.test>")).isZero();
    var mail = relay.mails().get(0);
    assertThat(mail.authenticatedUser()).isEqualTo("mailgun");
    assertThat(mail.attachments()).hasSize(1);
    var pdf = mail.attachments().get(0);
    assertThat(pdf.name()).isEqualTo("INV-0001.pdf");
    assertThat(pdf.contentType()).startsWith("application/pdf");
    assertThat(pdf.content()).isEqualTo(Mailer.PDF);
  }

  @Test
  void unavailableRelayGreets421AndRecoversAfterTheCountedConnections() throws Exception {
    relay.faults().unavailable(1);

    var failure = failureOf(client().sendMail(invoice("<a@lightweight.test>", "ada@example.com")));

    assertThat(failure).isInstanceOf(SMTPException.class);
    assertThat(((SMTPException) failure).getReplyCode()).isEqualTo(421);
    assertThat(((SMTPException) failure).isTransient()).isTrue();
    await(client().sendMail(invoice("<b@lightweight.test>", "ada@example.com")));
    assertThat(relay.messageIds()).containsExactly("<b@lightweight.test>");
  }

  @Test
  void rejectedLoginIs535EvenWithTheRightPassword() throws Exception {
    relay.faults().rejectLogin();

    var failure = failureOf(client().sendMail(invoice("<a@lightweight.test>", "ada@example.com")));

    assertThat(failure).isInstanceOf(SMTPException.class).hasMessageContaining("5.7.8");
    assertThat(((SMTPException) failure).getReplyCode()).isEqualTo(535);
    assertThat(relay.mails()).isEmpty();
  }

  @Test
  void rejectedLoginIs535ForAuthLoginToo() throws Exception {
    relay.faults().rejectLogin();

    var failure =
        failureOf(
            client(config -> config.setAuthMethods("LOGIN"))
                .sendMail(invoice("<a@lightweight.test>", "ada@example.com")));

    assertThat(((SMTPException) failure).getReplyCode()).isEqualTo(535);
  }

  @Test
  void unknownRecipientIs550_5_1_1AndNothingIsAccepted() throws Exception {
    relay.faults().unknownRecipients("nobody@example.com", "nowhere.test");

    var byAddress =
        failureOf(client().sendMail(invoice("<a@lightweight.test>", "nobody@example.com")));
    var byDomain =
        failureOf(client().sendMail(invoice("<b@lightweight.test>", "ada@nowhere.test")));

    for (var failure : List.of(byAddress, byDomain)) {
      assertThat(failure).isInstanceOf(SMTPException.class).hasMessageContaining("5.1.1");
      var smtp = (SMTPException) failure;
      assertThat(smtp.getReplyCode()).isEqualTo(550);
      assertThat(smtp.isPermanent()).isTrue();
    }
    assertThat(relay.mails()).isEmpty();
  }

  @Test
  void unknownRecipientIsLeftOutWhenTheClientAllowsRecipientErrors() throws Exception {
    relay.faults().unknownRecipients("nobody@example.com");

    var result =
        await(
            client(config -> config.setAllowRcptErrors(true))
                .sendMail(
                    invoice("<a@lightweight.test>", "nobody@example.com", "ada@example.com")));

    assertThat(result.getRecipients()).containsExactly("ada@example.com");
    assertThat(relay.mails().get(0).envelopeTo()).containsExactly("ada@example.com");
  }

  @Test
  void deferredRecipientIsTransient450() throws Exception {
    relay.faults().deferRecipients("ada@example.com");

    var failure = failureOf(client().sendMail(invoice("<a@lightweight.test>", "ada@example.com")));

    assertThat(failure).isInstanceOf(SMTPException.class);
    assertThat(((SMTPException) failure).getReplyCode()).isEqualTo(450);
    assertThat(((SMTPException) failure).isTransient()).isTrue();
    assertThat(relay.mails()).isEmpty();
  }

  @Test
  void blackHoleAcceptsTheConnectionAndNeverGreets() throws Exception {
    relay.faults().blackHole();

    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress(relay.host(), relay.port()), 2_000);
      socket.setSoTimeout(500);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);
    }
    long started = System.nanoTime();
    var failure =
        failureOf(
            client(config -> config.setIdleTimeout(1).setIdleTimeoutUnit(TimeUnit.SECONDS))
                .sendMail(invoice("<a@lightweight.test>", "ada@example.com")));
    assertThat(failure).isNotInstanceOf(SMTPException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(900));
    assertThat(relay.mails()).isEmpty();

    relay.faults().clear();
    await(client().sendMail(invoice("<b@lightweight.test>", "ada@example.com")));
    assertThat(relay.messageIds()).containsExactly("<b@lightweight.test>");
  }

  @Test
  void connectionDroppedAfterTheDataFailsTheSendButTheRelayHasTheMessage() throws Exception {
    relay.faults().dropAfterData(1);

    var failure =
        failureOf(client().sendMail(invoice("<once@lightweight.test>", "ada@example.com")));

    assertThat(failure).isNotInstanceOf(SMTPException.class);
    assertThat(relay.count("<once@lightweight.test>")).isEqualTo(1);
    // the retry with the same Message-ID gets a 250: the relay now has it twice
    await(client().sendMail(invoice("<once@lightweight.test>", "ada@example.com")));
    assertThat(relay.count("<once@lightweight.test>")).isEqualTo(2);
  }

  @Test
  void slowRepliesOutlastAShorterIdleTimeout() throws Exception {
    relay.faults().slowReplies(Duration.ofMillis(1_500));

    try (var socket = new Socket(relay.host(), relay.port())) {
      long started = System.nanoTime();
      assertThat(firstLine(socket.getInputStream())).startsWith("220 ");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThanOrEqualTo(Duration.ofMillis(1_400));
    }
    var failure =
        failureOf(
            client(config -> config.setIdleTimeout(1).setIdleTimeoutUnit(TimeUnit.SECONDS))
                .sendMail(invoice("<a@lightweight.test>", "ada@example.com")));
    assertThat(failure).isNotInstanceOf(SMTPException.class);
    assertThat(relay.mails()).isEmpty();
  }

  @Test
  void slowRepliesStillDeliverWithinAGenerousTimeout() throws Exception {
    relay.faults().slowReplies(Duration.ofMillis(100));
    long started = System.nanoTime();

    await(client().sendMail(invoice("<slow@lightweight.test>", "ada@example.com")));

    // greeting, EHLO, AUTH, MAIL, RCPT, DATA, final dot: at least seven late replies
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
    assertThat(relay.count("<slow@lightweight.test>")).isEqualTo(1);
  }

  @Test
  void stoppedRelayRefusesTheConnection() throws Exception {
    relay.stop();

    var failure = failureOf(client().sendMail(invoice("<a@lightweight.test>", "ada@example.com")));

    assertThat(failure).hasRootCauseInstanceOf(ConnectException.class);
  }

  @Test
  void resetSwitchesEveryFaultOff() throws Exception {
    relay
        .faults()
        .unknownRecipients("ada@example.com")
        .rejectLogin()
        .dropAfterData()
        .slowReplies(Duration.ofSeconds(5));

    relay.reset();

    await(client().sendMail(invoice("<a@lightweight.test>", "ada@example.com")));
    assertThat(relay.messageIds()).containsExactly("<a@lightweight.test>");
    assertThat(relay.waitForMessages(1, TIMEOUT)).isTrue();
  }

  private MailClient client() {
    return client(UnaryOperator.identity());
  }

  private MailClient client(UnaryOperator<io.vertx.ext.mail.MailConfig> tweak) {
    var client = Mailer.client(vertx, relay, tweak);
    clients.add(client);
    return client;
  }

  private static String firstLine(InputStream in) throws Exception {
    var line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString();
  }
}
