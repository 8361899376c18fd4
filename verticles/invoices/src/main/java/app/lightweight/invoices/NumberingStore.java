package app.lightweight.invoices;

import app.lightweight.invoices.settings.BusinessSettings;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Gap-free invoice numbers: {@code INV-2026-000001}, one sequence per business and calendar year of
 * the issue date. The counter row is incremented inside the issuing transaction: the update locks
 * it until that transaction ends, so concurrent issues of one business queue on it and never share
 * a number, and a transaction that rolls back gives its number back (no gap).
 */
final class NumberingStore {
  private static final String NEXT =
      """
      with counter as (
        insert into invoice_counters (tenant, year, last_value) values ($1, $2, 1)
        on conflict (tenant, year) do update set last_value = invoice_counters.last_value + 1
        returning last_value)
      select last_value,
             coalesce((select number_prefix from business_settings where tenant = $1), $3)
               as prefix
        from counter
      """;

  private NumberingStore() {}

  /** The next number of the business for the year; call inside the issuing transaction. */
  static Future<String> next(SqlConnection transaction, String tenant, int year) {
    return transaction
        .preparedQuery(NEXT)
        .execute(Tuple.of(tenant, year, BusinessSettings.DEFAULT_PREFIX))
        .map(rows -> format(rows.iterator().next(), year));
  }

  private static String format(Row row, int year) {
    return String.format("%s-%d-%06d", row.getString("prefix"), year, row.getInteger(0));
  }
}
