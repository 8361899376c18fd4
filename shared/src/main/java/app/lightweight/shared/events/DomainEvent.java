package app.lightweight.shared.events;

import app.lightweight.shared.Ids;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Something that happened to an aggregate, as it travels: a CloudEvents 1.0 JSON envelope.
 *
 * @param id unique event id ({@code evt_…}); consumers dedupe by it
 * @param source the service, e.g. {@code /lightweight/users}
 * @param type e.g. {@code user.updated}
 * @param aggregateId the Kafka key: events of one aggregate stay in order
 * @param subject what the event is about, e.g. the user's subject or invoice id
 */
public record DomainEvent(
    String id,
    String source,
    String type,
    String aggregateId,
    String subject,
    Instant time,
    JsonObject data) {

  public static DomainEvent of(
      String service, String type, String aggregateId, String subject, JsonObject data) {
    return new DomainEvent(
        Ids.next("evt"),
        "/lightweight/" + service,
        type,
        aggregateId,
        subject,
        Instant.now().truncatedTo(ChronoUnit.MICROS),
        data);
  }

  public JsonObject toCloudEvent() {
    return new JsonObject()
        .put("specversion", "1.0")
        .put("id", id)
        .put("source", source)
        .put("type", type)
        .put("subject", subject)
        .put("aggregateid", aggregateId)
        .put("time", time.toString())
        .put("datacontenttype", "application/json")
        .put("data", data);
  }
}
