package app.lightweight.email.delivery;

import java.util.List;

/**
 * What one try with one provider came to. Only {@link Outcome#PROVIDER_FAULT} moves the message to
 * the next provider at once, and only it and {@link Outcome#UNKNOWN} count for the breaker.
 *
 * @param replyCode the SMTP reply that decided it, or 0 when there was none (timeout, refused)
 * @param replyText that reply, or the error
 * @param recipients each envelope recipient's answer to {@code RCPT TO}, when the try got there
 */
public record SendResult(
    Outcome outcome, int replyCode, String replyText, List<RecipientReply> recipients) {

  public enum Outcome {
    /** The provider took the message (for the accepted recipients). */
    ACCEPTED,
    /** The provider failed before it had the message: try the next one now. */
    PROVIDER_FAULT,
    /** Every remaining recipient refused, or the message itself refused for good: failed. */
    REJECTED,
    /** A transient answer about the recipients or the message: retry later, same order. */
    DEFERRED,
    /** The connection was lost after the message data went out: it may have been taken. */
    UNKNOWN;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One recipient's answer to {@code RCPT TO}. */
  public record RecipientReply(String address, int code, String text) {
    public boolean accepted() {
      return code >= 200 && code < 300;
    }

    public boolean refused() {
      return code >= 500;
    }

    public boolean deferred() {
      return code >= 400 && code < 500;
    }
  }

  public static SendResult providerFault(int code, String text) {
    return new SendResult(Outcome.PROVIDER_FAULT, code, text, List.of());
  }

  public boolean countsAgainstProvider() {
    return outcome == Outcome.PROVIDER_FAULT || outcome == Outcome.UNKNOWN;
  }
}
