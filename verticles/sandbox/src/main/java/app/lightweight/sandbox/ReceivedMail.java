package app.lightweight.sandbox;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One message as a relay accepted it: one SMTP transaction, whatever the number of recipients.
 *
 * @param envelopeFrom the {@code MAIL FROM} address ({@code ""} for a null reverse path)
 * @param envelopeTo the {@code RCPT TO} addresses
 * @param authenticatedUser the SMTP AUTH user of the session, {@code null} if it did not
 *     authenticate (the relay accepts that, a real provider would not: assert on it)
 * @param from the {@code From} header
 * @param to the {@code To} header addresses
 * @param subject the {@code Subject} header
 * @param messageId the {@code Message-ID} header, as sent
 * @param text the first {@code text/plain} part (or the first {@code text/html} one if there is no
 *     plain text)
 * @param attachmentNames the file names of the attachments, in order
 * @param attachments the attachments, in order, with their decoded bytes
 * @param receivedAt when the relay accepted it
 * @param message the whole message
 */
public record ReceivedMail(
    String envelopeFrom,
    List<String> envelopeTo,
    String authenticatedUser,
    String from,
    List<String> to,
    String subject,
    String messageId,
    String text,
    List<String> attachmentNames,
    List<Attachment> attachments,
    Instant receivedAt,
    MimeMessage message) {

  static ReceivedMail of(
      String envelopeFrom, List<String> envelopeTo, String authenticatedUser, MimeMessage message) {
    try {
      var parts = new Parts();
      parts.walk(message);
      return new ReceivedMail(
          envelopeFrom,
          List.copyOf(envelopeTo),
          authenticatedUser,
          first(message.getFrom()),
          addresses(message.getRecipients(Message.RecipientType.TO)),
          message.getSubject(),
          message.getMessageID(),
          parts.plain != null ? parts.plain : parts.html,
          parts.attachments.stream().map(Attachment::name).toList(),
          List.copyOf(parts.attachments),
          Instant.now(),
          message);
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("relay could not read the message it accepted", e);
    }
  }

  /** The first value of header {@code name}, unfolded; null if the message has none. */
  public String header(String name) {
    var values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of header {@code name}, unfolded, in order. */
  public List<String> headers(String name) {
    try {
      var values = message.getHeader(name);
      return values == null
          ? List.of()
          : Arrays.stream(values).map(MimeUtility::unfold).map(String::trim).toList();
    } catch (MessagingException e) {
      throw new IllegalStateException("relay could not read header " + name, e);
    }
  }

  /**
   * One attachment as it arrived.
   *
   * @param name its file name
   * @param contentType its {@code Content-Type}, parameters included
   * @param content its bytes, transfer encoding undone
   */
  public record Attachment(String name, String contentType, byte[] content) {}

  private static String first(Address[] addresses) {
    return addresses == null || addresses.length == 0 ? null : addresses[0].toString();
  }

  private static List<String> addresses(Address[] addresses) {
    return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
  }

  private static final class Parts {
    String plain;
    String html;
    final List<Attachment> attachments = new ArrayList<>();

    void walk(Part part) throws MessagingException, IOException {
      if (part.getFileName() != null || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
        attachments.add(
            new Attachment(
                part.getFileName(), part.getContentType(), part.getInputStream().readAllBytes()));
      } else if (part.isMimeType("multipart/*")) {
        var multipart = (Multipart) part.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
          walk(multipart.getBodyPart(i));
        }
      } else if (part.isMimeType("text/plain") && plain == null) {
        plain = part.getContent().toString();
      } else if (part.isMimeType("text/html") && html == null) {
        html = part.getContent().toString();
      }
    }
  }
}
