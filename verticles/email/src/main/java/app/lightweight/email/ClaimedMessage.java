package app.lightweight.email;

import java.util.List;

/**
 * A message the dispatcher holds the lease of, with what it needs to send it.
 *
 * @param startedAttempt the attempt the claim started with the provider the dispatcher meant to try
 *     first, or null
 */
public record ClaimedMessage(
    String id,
    String tenant,
    String messageId,
    MessageContent content,
    int attempts,
    List<Recipient> recipients,
    List<Attachment> attachments,
    Long startedAttempt) {

  public List<Recipient> pending() {
    return recipients.stream().filter(Recipient::pending).toList();
  }
}
