package app.lightweight.email;

import java.util.List;

/** A message the dispatcher holds the lease of, with what it needs to send it. */
public record ClaimedMessage(
    String id,
    String tenant,
    String messageId,
    MessageContent content,
    int attempts,
    List<Recipient> recipients,
    List<Attachment> attachments) {

  public List<Recipient> pending() {
    return recipients.stream().filter(Recipient::pending).toList();
  }
}
