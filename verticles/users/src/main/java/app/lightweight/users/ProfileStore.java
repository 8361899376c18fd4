package app.lightweight.users;

import app.lightweight.shared.Ids;
import app.lightweight.shared.events.DomainEvent;
import app.lightweight.shared.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;

/** Every SQL statement of the users service. */
public final class ProfileStore {
  private static final String COLUMNS =
      "id, subject, email, display_name, business_name, address, tax_id, default_currency,"
          + " logo_content_type, coalesce(length(logo), 0) as logo_bytes, version, created_at,"
          + " updated_at";

  private static final String FIND = "select " + COLUMNS + " from profiles where subject = $1";

  private static final String CREATE =
      "insert into profiles (subject, id, email, display_name) values ($1, $2, $3, $4)"
          + " on conflict (subject) do nothing returning "
          + COLUMNS;

  private static final String REFRESH_EMAIL =
      "update profiles set email = $2, version = version + 1, updated_at = now()"
          + " where subject = $1 returning "
          + COLUMNS;

  private static final String UPDATE =
      """
      update profiles set display_name = $2, business_name = $3, address = $4, tax_id = $5,
        default_currency = $6, version = version + 1, updated_at = now()
      where subject = $1 returning
      """
          + COLUMNS;

  private static final String SET_LOGO =
      "update profiles set logo = $2, logo_content_type = $3, version = version + 1,"
          + " updated_at = now() where subject = $1 returning "
          + COLUMNS;

  private static final String LOGO =
      "select logo, logo_content_type from profiles where subject = $1 and logo is not null";

  private final Pool pool;
  private final Runnable eventsWritten;

  /**
   * @param eventsWritten called after a transaction that appended events commits (wakes the relay)
   */
  public ProfileStore(Pool pool, Runnable eventsWritten) {
    this.pool = pool;
    this.eventsWritten = eventsWritten;
  }

  public Future<Optional<Profile>> find(String subject) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(subject))
        .map(
            rows ->
                rows.size() == 0 ? Optional.empty() : Optional.of(profile(rows.iterator().next())));
  }

  /** The caller's profile, created on first sight; the email follows the identity provider. */
  public Future<Profile> findOrCreate(String subject, String email, String name) {
    return find(subject)
        .compose(
            existing -> {
              if (existing.isEmpty()) {
                return create(subject, email, name);
              }
              Profile profile = existing.get();
              if (email != null && !email.equals(profile.email())) {
                return changed(subject, REFRESH_EMAIL, Tuple.of(subject, email));
              }
              return Future.succeededFuture(profile);
            });
  }

  public Future<Profile> update(String subject, String email, String name, ProfileUpdate update) {
    return findOrCreate(subject, email, name)
        .compose(
            existing ->
                changed(
                    subject,
                    UPDATE,
                    Tuple.of(
                        subject,
                        update.displayName(),
                        update.businessName(),
                        update.address(),
                        update.taxId(),
                        update.defaultCurrency())));
  }

  public Future<Profile> setLogo(String subject, String email, String name, LogoImage logo) {
    Buffer bytes = logo == null ? null : Buffer.buffer(logo.bytes());
    String type = logo == null ? null : logo.contentType();
    return findOrCreate(subject, email, name)
        .compose(existing -> changed(subject, SET_LOGO, Tuple.of(subject, bytes, type)));
  }

  public Future<Optional<LogoImage>> logo(String subject) {
    return pool.preparedQuery(LOGO)
        .execute(Tuple.of(subject))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(
                        new LogoImage(
                            rows.iterator().next().getString("logo_content_type"),
                            rows.iterator().next().getBuffer("logo").getBytes())));
  }

  private Future<Profile> create(String subject, String email, String name) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery(CREATE)
                    .execute(Tuple.of(subject, Ids.next("usr"), email, name))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(Optional.<Profile>empty());
                          }
                          Profile created = profile(rows.iterator().next());
                          return Outbox.append(tx, event("user.created", created))
                              .map(Optional.of(created));
                        }))
        .compose(
            created -> {
              if (created.isPresent()) {
                eventsWritten.run();
                return Future.succeededFuture(created.get());
              }
              // another request created it first
              return find(subject).map(Optional::orElseThrow);
            });
  }

  private Future<Profile> changed(String subject, String sql, Tuple arguments) {
    return pool.withTransaction(
            (SqlConnection tx) ->
                tx.preparedQuery(sql)
                    .execute(arguments)
                    .map(rows -> profile(rows.iterator().next()))
                    .compose(
                        profile -> Outbox.append(tx, event("user.updated", profile)).map(profile)))
        .onSuccess(profile -> eventsWritten.run());
  }

  private static DomainEvent event(String type, Profile profile) {
    JsonObject data = profile.toJson();
    return DomainEvent.of("users", type, profile.id(), profile.subject(), data);
  }

  private static Profile profile(Row row) {
    return new Profile(
        row.getString("id"),
        row.getString("subject"),
        row.getString("email"),
        row.getString("display_name"),
        row.getString("business_name"),
        address((JsonObject) row.getValue("address")),
        row.getString("tax_id"),
        row.getString("default_currency"),
        row.getString("logo_content_type"),
        row.getInteger("logo_bytes"),
        row.getInteger("version"),
        row.getOffsetDateTime("created_at"),
        row.getOffsetDateTime("updated_at"));
  }

  /**
   * The address as the API shows it. Addresses saved while the API was camelCase hold {@code
   * postalCode}; they are stored as the caller sent them, so the key is renamed on the way out.
   */
  private static JsonObject address(JsonObject stored) {
    if (stored == null || !stored.containsKey("postalCode")) {
      return stored;
    }
    JsonObject address = stored.copy();
    Object postalCode = address.remove("postalCode");
    if (!address.containsKey("postal_code")) {
      address.put("postal_code", postalCode);
    }
    return address;
  }
}
