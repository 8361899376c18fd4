package app.lightweight.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import app.lightweight.email.EmailVerticle;
import app.lightweight.sandbox.ReceivedMail;
import app.lightweight.sandbox.Sandbox;
import app.lightweight.sandbox.SmtpRelay;
import app.lightweight.shared.testing.ServiceFixture;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The real email service beside invoices in sending tests: its fixture, the sandbox's two SMTP
 * relays (their delivery webhooks pointed at it), the mail they received and its decoded parts.
 */
final class EmailUnderTest {
  private EmailUnderTest() {}

  /** The email service on the cluster {@code cluster} describes, quick to retry. */
  static ServiceFixture fixture(Map<String, String> cluster) {
    return ServiceFixture.of(EmailVerticle.NAME, EmailVerticle::new)
        .tables(
            "messages",
            "recipients",
            "attachments",
            "attempts",
            "provider_events",
            "webhook_receipts",
            "outbox",
            "idempotency_keys")
        .scopes("email:send email:read")
        .env(cluster)
        .env("SENDER_DOMAINS", "lightweight.test")
        .env("RETRY_BASE_MS", "500")
        .env("RETRY_MAX_MS", "1000")
        .env("DISPATCH_POLL_MS", "100");
  }

  /**
   * Empties both relays and points their delivery webhooks at {@code email} (none while it is
   * null).
   */
  static void resetRelays(ServiceFixture email) {
    for (SmtpRelay relay : relays()) {
      relay.start();
      relay.reset();
      relay.webhooks().duplicates(false);
      relay
          .webhooks()
          .url(
              email == null
                  ? null
                  : "http://127.0.0.1:" + email.port() + "/api/email/webhooks/" + relay.name());
    }
  }

  static List<SmtpRelay> relays() {
    return List.of(Sandbox.shared().mailgun(), Sandbox.shared().sparkpost());
  }

  /** Every message both relays received. */
  static List<ReceivedMail> allMail() {
    List<ReceivedMail> all = new ArrayList<>();
    relays().forEach(relay -> all.addAll(relay.mails()));
    return all;
  }

  /** The one body part of a received message with this content type, decoded. */
  static String part(ReceivedMail mail, String contentType) {
    try {
      List<String> found = new ArrayList<>();
      collect(mail.message(), contentType, found, new HashSet<>());
      assertThat(found).as("%s part of %s", contentType, mail.subject()).hasSize(1);
      return found.get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void collect(Part part, String type, List<String> found, Set<Object> seen)
      throws Exception {
    if (!seen.add(part)) {
      return;
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        collect(child, type, found, seen);
      }
    } else if (part.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
      found.add(String.valueOf(part.getContent()));
    }
  }
}
