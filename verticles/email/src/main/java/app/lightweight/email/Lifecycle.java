package app.lightweight.email;

import java.util.Collection;
import java.util.Set;

/**
 * The message's status from its recipients'. A message is {@code sent} once a provider took it, and
 * leaves {@code sent} only when every recipient is final: {@code delivered} when all were, else the
 * worst of {@code complained}, {@code bounced}, {@code failed} (a recipient refused at {@code RCPT}
 * is {@code failed}; a message with one delivered and one refused recipient is {@code delivered},
 * the refusal shows on that recipient).
 */
public final class Lifecycle {
  public static final Set<String> FINAL_RECIPIENT =
      Set.of("delivered", "bounced", "complained", "failed");

  private Lifecycle() {}

  public static String afterProviderEvent(String current, Collection<String> recipientStatuses) {
    if (!recipientStatuses.stream().allMatch(FINAL_RECIPIENT::contains)) {
      return current;
    }
    if (recipientStatuses.contains("complained")) {
      return "complained";
    }
    if (recipientStatuses.contains("bounced")) {
      return "bounced";
    }
    return recipientStatuses.contains("delivered") ? "delivered" : "failed";
  }

  /** What a provider event's type means for its recipient. */
  public static String recipientStatus(String eventType) {
    return switch (eventType) {
      case "delivered" -> "delivered";
      case "bounced" -> "bounced";
      case "complained" -> "complained";
      case "deferred" -> "deferred";
      default -> null;
    };
  }
}
