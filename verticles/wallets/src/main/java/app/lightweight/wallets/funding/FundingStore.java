package app.lightweight.wallets.funding;

import app.lightweight.shared.events.DomainEvent;
import app.lightweight.shared.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement about fundings and the webhook events seen. */
final class FundingStore {
  private static final String COLUMNS =
      "id, owner, amount, currency, status, provider, intent_id, checkout_url, failure_reason,"
          + " created_at, updated_at";
  private static final String CREATE =
      "insert into fundings (id, owner, amount, currency, status, provider)"
          + " values ($1, $2, $3, $4, 'pending', $5) returning "
          + COLUMNS;
  private static final String ATTACH =
      "update fundings set intent_id = $2, checkout_url = $3, updated_at = now() where id = $1"
          + " returning "
          + COLUMNS;
  private static final String FIND =
      "select " + COLUMNS + " from fundings where id = $1 and owner = $2";
  private static final String LOCK_FOR_INTENT =
      "select "
          + COLUMNS
          + " from fundings where intent_id = $1 or (id = $2 and intent_id is null) for update";
  private static final String SEEN =
      "insert into webhook_events (event_id, type, intent_id) values ($1, $2, $3)"
          + " on conflict (event_id) do nothing returning event_id";
  private static final String SUCCEED =
      "update fundings set status = 'succeeded', intent_id = $2, failure_reason = null,"
          + " updated_at = now() where id = $1";
  private static final String FAIL =
      "update fundings set status = 'failed', intent_id = coalesce($2, intent_id),"
          + " failure_reason = $3,"
          + " updated_at = now() where id = $1 and status = 'pending'";
  private static final String PENDING =
      "select "
          + COLUMNS
          + " from fundings where status = 'pending' and intent_id is not null"
          + " and updated_at < now() - make_interval(secs => $1) order by updated_at limit 100";

  // written before the provider's intent, and the intent never attached (its call failed and so
  // did marking it failed, or the service stopped between the two)
  private static final String WITHOUT_INTENT =
      "select "
          + COLUMNS
          + " from fundings where status = 'pending' and intent_id is null"
          + " and updated_at < now() - make_interval(secs => $1) order by updated_at limit 100";

  private final Pool pool;

  FundingStore(Pool pool) {
    this.pool = pool;
  }

  Pool pool() {
    return pool;
  }

  Future<Funding> create(String id, String owner, long amount, String currency, String provider) {
    return one(pool, CREATE, Tuple.of(id, owner, amount, currency, provider));
  }

  Future<Funding> attach(String id, String intentId, String checkoutUrl) {
    return one(pool, ATTACH, Tuple.of(id, intentId, checkoutUrl));
  }

  Future<Optional<Funding>> find(String owner, String id) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(id, owner))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Funding.of(first(rows))));
  }

  Future<Optional<Funding>> lockForIntent(SqlConnection tx, ProviderIntent intent) {
    return tx.preparedQuery(LOCK_FOR_INTENT)
        .execute(Tuple.of(intent.id(), intent.fundingId()))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(Funding.of(first(rows))));
  }

  /** True the first time an event id is seen. */
  Future<Boolean> firstSight(SqlConnection tx, WebhookEvent event) {
    String intent = event.intent() == null ? null : event.intent().id();
    return tx.preparedQuery(SEEN)
        .execute(Tuple.of(event.id(), event.type(), intent))
        .map(rows -> rows.size() == 1);
  }

  Future<Void> succeed(SqlConnection tx, Funding funding, String intentId) {
    return tx.preparedQuery(SUCCEED).execute(Tuple.of(funding.id(), intentId)).mapEmpty();
  }

  Future<Boolean> fail(SqlConnection tx, Funding funding, String intentId, String reason) {
    return tx.preparedQuery(FAIL)
        .execute(Tuple.of(funding.id(), intentId, reason))
        .compose(
            rows -> {
              if (rows.rowCount() == 0) {
                return Future.succeededFuture(false);
              }
              JsonObject data =
                  new JsonObject()
                      .put("funding_id", funding.id())
                      .put("payer", (String) null)
                      .put("payee", funding.owner())
                      .put("owner", funding.owner())
                      .put("amount", funding.amount())
                      .put("currency", funding.currency())
                      .put("reason", reason);
              return Outbox.append(
                      tx,
                      DomainEvent.of(
                          "wallets", "funding.failed", funding.id(), funding.owner(), data))
                  .map(true);
            });
  }

  Future<List<Funding>> pendingLongerThan(Duration age) {
    return olderThan(PENDING, age);
  }

  Future<List<Funding>> withoutIntentLongerThan(Duration age) {
    return olderThan(WITHOUT_INTENT, age);
  }

  /** The fundings {@code sql} selects with its one parameter, an age in seconds. */
  private Future<List<Funding>> olderThan(String sql, Duration age) {
    return pool.preparedQuery(sql)
        .execute(Tuple.of((double) age.toMillis() / 1000))
        .map(
            rows -> {
              List<Funding> fundings = new ArrayList<>();
              rows.forEach(row -> fundings.add(Funding.of(row)));
              return fundings;
            });
  }

  private static Future<Funding> one(SqlClient client, String sql, Tuple arguments) {
    return client.preparedQuery(sql).execute(arguments).map(rows -> Funding.of(first(rows)));
  }

  private static Row first(io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.iterator().next();
  }
}
