package app.lightweight.gateway.live;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Forwards the services' domain events from the clustered event bus to the address of the business
 * they belong to, {@code live.<subject>}, which only that business's browsers can register for.
 * Each gateway instance receives every event and forwards it to its own browsers only (local
 * delivery), so a browser gets one copy however many gateways run.
 */
public final class LiveEvents {
  public static final String PREFIX = "live.";
  public static final List<String> SOURCES =
      List.of("users.events", "invoices.events", "email.events", "wallets.events");
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final EventBus bus;

  public LiveEvents(EventBus bus) {
    this.bus = bus;
  }

  public Future<?> start() {
    return Future.all(
        SOURCES.stream()
            .map(address -> bus.<Object>consumer(address, this::forward).completion())
            .toList());
  }

  private void forward(Message<Object> message) {
    if (!(message.body() instanceof JsonObject event)) {
      return;
    }
    for (String owner : ownersOf(event)) {
      bus.publish(PREFIX + owner, event, LOCAL);
    }
  }

  /**
   * The users an event belongs to: {@code data.tenant} (invoices, and the services after it); for
   * the users and email services the event's {@code subject} (the user; the business that sent the
   * message); for wallets both parties, {@code data.payer} and {@code data.payee} (a funding names
   * only its owner as payee).
   */
  static Set<String> ownersOf(JsonObject event) {
    Object data = event.getValue("data");
    JsonObject json = data instanceof JsonObject object ? object : new JsonObject();
    if (json.getValue("tenant") instanceof String tenant) {
      return Set.of(tenant);
    }
    Set<String> owners = new LinkedHashSet<>();
    switch (String.valueOf(event.getString("source"))) {
      case "/lightweight/users", "/lightweight/email" -> owners.add(event.getString("subject"));
      case "/lightweight/wallets" -> {
        owners.add(json.getValue("payer") instanceof String payer ? payer : null);
        owners.add(json.getValue("payee") instanceof String payee ? payee : null);
      }
      default -> {}
    }
    owners.remove(null);
    return owners;
  }
}
