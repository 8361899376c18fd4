package app.lightweight.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpRelayTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static SmtpRelay relay;

  @BeforeAll
  static void startRelay() {
    relay = SmtpRelay.start("mailgun", 0, "mailgun", "mailgun-secret");
  }

  @AfterAll
  static void closeRelay() {
    relay.close();
  }

  @BeforeEach
  void emptyRelay() {
    relay.start();
    relay.reset();
  }

  @Test
  void authenticatedMailArrivesWithItsHeadersBodyAndAttachment() throws Exception {
    var message = invoiceMail("<inv_1@lightweight.test>");

    Transport.send(message, "mailgun", "mailgun-secret");

    assertThat(relay.waitForMessages(1, TIMEOUT)).isTrue();
    var mail = relay.mails().get(0);
    assertThat(mail.authenticatedUser()).isEqualTo("mailgun");
    assertThat(mail.envelopeFrom()).isEqualTo("billing@acme.test");
    assertThat(mail.envelopeTo()).containsExactly("ada@example.com", "accounts@example.com");
    assertThat(mail.from()).isEqualTo("billing@acme.test");
    assertThat(mail.to()).containsExactly("ada@example.com", "accounts@example.com");
    assertThat(mail.subject()).isEqualTo("Invoice INV-0001");
    assertThat(mail.messageId()).isEqualTo("<inv_1@lightweight.test>");
    assertThat(mail.text()).contains("Pay here: http://localhost:8080/pay/abc");
    assertThat(mail.attachmentNames()).containsExactly("INV-0001.pdf");
    assertThat(relay.received()).hasSize(1);
  }

  @Test
  void wrongPasswordIsRefusedWith535() throws Exception {
    var message = invoiceMail("<inv_2@lightweight.test>");

    assertThatThrownBy(() -> Transport.send(message, "mailgun", "wrong"))
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("535");
    assertThat(relay.mails()).isEmpty();
  }

  @Test
  void mailSentWithoutAuthenticationIsAcceptedButShowsNoUser() throws Exception {
    Transport.send(invoiceMail("<anonymous@lightweight.test>", false));

    assertThat(relay.waitForMessages(1, TIMEOUT)).isTrue();
    assertThat(relay.mails().get(0).authenticatedUser()).isNull();
  }

  @Test
  void stoppedRelayRefusesConnectionsAndWorksAgainOnceStarted() throws Exception {
    int port = relay.port();
    Transport.send(invoiceMail("<before@lightweight.test>"), "mailgun", "mailgun-secret");

    relay.stop();
    assertThatThrownBy(
            () ->
                Transport.send(
                    invoiceMail("<during@lightweight.test>"), "mailgun", "mailgun-secret"))
        .isInstanceOf(MessagingException.class)
        .hasRootCauseInstanceOf(ConnectException.class);

    relay.start();
    assertThat(relay.port()).isEqualTo(port);
    Transport.send(invoiceMail("<after@lightweight.test>"), "mailgun", "mailgun-secret");

    assertThat(relay.waitForMessages(2, TIMEOUT)).isTrue();
    assertThat(relay.mails())
        .extracting(ReceivedMail::messageId)
        .containsExactly("<before@lightweight.test>", "<after@lightweight.test>");
  }

  private static MimeMessage invoiceMail(String messageId) throws MessagingException {
    return invoiceMail(messageId, true);
  }

  private static MimeMessage invoiceMail(String messageId, boolean authenticate)
      throws MessagingException {
    var props = new Properties();
    props.put("mail.smtp.host", relay.host());
    props.put("mail.smtp.port", String.valueOf(relay.port()));
    props.put("mail.smtp.auth", String.valueOf(authenticate));
    props.put("mail.smtp.connectiontimeout", "2000");
    props.put("mail.smtp.timeout", "5000");
    var message =
        new MimeMessage(Session.getInstance(props)) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    message.setFrom(new InternetAddress("billing@acme.test"));
    message.setRecipients(Message.RecipientType.TO, "ada@example.com, accounts@example.com");
    message.setSubject("Invoice INV-0001");
    var body = new MimeBodyPart();
    body.setText("Your invoice. Pay here: http://localhost:8080/pay/abc");
    var pdf = new MimeBodyPart();
    pdf.setContent(new byte[] {'%', 'P', 'D', 'F'}, "application/pdf");
    pdf.setFileName("INV-0001.pdf");
    message.setContent(new MimeMultipart(body, pdf));
    return message;
  }
}
