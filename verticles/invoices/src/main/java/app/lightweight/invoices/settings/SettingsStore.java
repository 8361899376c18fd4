package app.lightweight.invoices.settings;

import app.lightweight.invoices.PartyDetails;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Every SQL statement about a business's invoicing settings. */
public final class SettingsStore {
  private static final String FIND =
      "select number_prefix, tax_label, business from business_settings where tenant = $1";

  private static final String PUT =
      """
      insert into business_settings (tenant, number_prefix, tax_label, business)
      values ($1, $2, $3, $4)
      on conflict (tenant) do update
        set number_prefix = excluded.number_prefix, tax_label = excluded.tax_label,
            business = excluded.business, version = business_settings.version + 1,
            updated_at = now()
      returning number_prefix, tax_label, business
      """;

  private final Pool pool;

  public SettingsStore(Pool pool) {
    this.pool = pool;
  }

  /** The business's settings, or the defaults when it never set any. */
  public Future<BusinessSettings> find(String tenant) {
    return pool.preparedQuery(FIND)
        .execute(Tuple.of(tenant))
        .map(
            rows ->
                rows.size() == 0 ? BusinessSettings.defaults() : settings(rows.iterator().next()));
  }

  Future<BusinessSettings> put(String tenant, BusinessSettings settings) {
    return pool.preparedQuery(PUT)
        .execute(
            Tuple.of(
                tenant,
                settings.numberPrefix(),
                settings.taxLabel(),
                settings.business() == null ? null : settings.business().toJson()))
        .map(rows -> settings(rows.iterator().next()));
  }

  private static BusinessSettings settings(Row row) {
    return new BusinessSettings(
        row.getString("number_prefix"),
        row.getString("tax_label"),
        PartyDetails.fromJson((JsonObject) row.getValue("business")));
  }
}
