package app.lightweight.sandbox.payments;

import java.time.Instant;

/**
 * One attempt to deliver an event: {@code attempt} counts from 1 for each copy ({@code copy} 2 is
 * the duplicate asked for by {@link PaymentProvider#deliverNextTwice(int)}); {@code statusCode} is
 * 0 when no answer came, then {@code error} says why.
 */
public record WebhookDelivery(
    String eventId, String type, int copy, int attempt, int statusCode, String error, Instant at) {

  public boolean succeeded() {
    return statusCode >= 200 && statusCode < 300;
  }
}
