package app.lightweight.email.delivery;

import app.lightweight.email.Attachment;
import app.lightweight.email.MessageContent;
import java.util.List;

/**
 * One message as a provider is asked to send it.
 *
 * @param id our id ({@code msg_…}), also sent to the provider so its events come back with it
 * @param messageId the stable {@code Message-ID} without angle brackets, the same on every try
 * @param envelopeTo the recipients still to be sent to (a refused one is not tried again)
 */
public record Delivery(
    String id,
    String messageId,
    MessageContent content,
    List<Attachment> attachments,
    List<String> envelopeTo) {}
