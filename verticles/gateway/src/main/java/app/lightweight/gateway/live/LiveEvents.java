package app.lightweight.gateway.live;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;

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
    String tenant = tenantOf(event);
    if (tenant != null) {
      bus.publish(PREFIX + tenant, event, LOCAL);
    }
  }

  /**
   * The business an event belongs to: {@code data.tenant} (invoices, and the services after it),
   * or, for the users service, whose aggregate is the business itself, the event's {@code subject}.
   */
  static String tenantOf(JsonObject event) {
    Object data = event.getValue("data");
    if (data instanceof JsonObject json && json.getValue("tenant") instanceof String tenant) {
      return tenant;
    }
    if ("/lightweight/users".equals(event.getString("source"))) {
      return event.getString("subject");
    }
    return null;
  }
}
