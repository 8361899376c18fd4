package app.lightweight.invoices.payments;

import app.lightweight.invoices.Invoice;
import app.lightweight.invoices.PaidBy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement about pay attempts (table {@code payments}, one row per transfer id). */
final class PaymentStore {
  /**
   * The attempt, written only while the invoice is open: its row is share-locked for the statement,
   * so a void (which locks the row for update, then looks for pending attempts) either comes before
   * it, and nothing is written, or after it, and sees it. A retry refreshes the attempt.
   */
  private static final String BEGIN =
      """
      with open as (
        select id, tenant from invoices
         where id = $2 and tenant = $3 and status in ('issued', 'sent') for share)
      insert into payments (transfer_id, invoice_id, tenant, payer, payer_name, payer_email,
                            amount, currency, status)
      select $1, id, tenant, $4, $5, $6, $7, $8, 'pending' from open
      on conflict (transfer_id) do update
        set payer = excluded.payer, payer_name = excluded.payer_name,
            payer_email = excluded.payer_email, amount = excluded.amount,
            currency = excluded.currency, status = 'pending',
            attempts = payments.attempts + 1, updated_at = now()
      returning attempts
      """;

  /** Only the attempt that was looked at: a newer one (a retry since) stays pending. */
  private static final String SET_STATUS =
      "update payments set status = $2, updated_at = now()"
          + " where transfer_id = $1 and status = 'pending' and attempts = $3";

  /** Paid also ends an attempt that was closed: its transfer came after all. */
  private static final String PAID =
      "update payments set status = 'paid', updated_at = now()"
          + " where transfer_id = $1 and status in ('pending', 'closed')";

  /** Attempts whose invoice got paid (the answer came, the attempt was not marked): done. */
  private static final String SETTLE_PAID =
      """
      update payments p set status = 'paid', updated_at = now()
        from invoices i
       where p.status = 'pending' and i.id = p.invoice_id and i.status = 'paid'
      """;

  private static final String STALE =
      """
      select p.transfer_id, p.invoice_id, p.tenant, p.payer, p.payer_name, p.payer_email,
             p.amount, p.currency, p.attempts
        from payments p join invoices i on i.id = p.invoice_id
       where p.status = 'pending' and p.updated_at < now() - make_interval(secs => $1)
         and i.status <> 'paid'
       order by p.updated_at
       limit $2
      """;

  /** An attempt not known to have paid its invoice, whatever became of it. */
  private static final String UNPAID =
      """
      select transfer_id, invoice_id, tenant, payer, payer_name, payer_email, amount, currency,
             attempts
        from payments where transfer_id = $1 and status in ('pending', 'closed')
      """;

  private final Pool pool;

  PaymentStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * A pending attempt: its number (1 for the first, counting retries), or 0 when the invoice is no
   * longer open (nothing written).
   */
  Future<Integer> begin(String transferId, Invoice invoice, PaidBy payer, long amount) {
    return pool.preparedQuery(BEGIN)
        .execute(
            Tuple.from(
                new Object[] {
                  transferId,
                  invoice.id(),
                  invoice.tenant(),
                  payer.subject(),
                  payer.name(),
                  payer.email(),
                  amount,
                  invoice.currency()
                }))
        .map(rows -> rows.size() == 1 ? rows.iterator().next().getInteger(0) : 0);
  }

  /** The invoice is paid by this transfer. */
  Future<Void> paid(String transferId) {
    return pool.preparedQuery(PAID).execute(Tuple.of(transferId)).mapEmpty();
  }

  /** Nothing moved under this transfer id (refused, or known not to exist). */
  Future<Void> close(String transferId, int attempt) {
    return status(transferId, attempt, "closed");
  }

  /** The transfer exists but the invoice would not take it: for a person to look at. */
  Future<Void> conflict(String transferId, int attempt) {
    return status(transferId, attempt, "conflict");
  }

  private Future<Void> status(String transferId, int attempt, String status) {
    return pool.preparedQuery(SET_STATUS).execute(Tuple.of(transferId, status, attempt)).mapEmpty();
  }

  Future<Void> settlePaid() {
    return pool.query(SETTLE_PAID).execute().mapEmpty();
  }

  /** Pending attempts left alone for longer than {@code age}, whose invoice is not paid. */
  Future<List<Attempt>> stale(Duration age, int limit) {
    return pool.preparedQuery(STALE)
        .execute(Tuple.of((double) age.toMillis() / 1000, limit))
        .map(PaymentStore::attempts);
  }

  /** The attempt of {@code transferId} if it is pending or closed (not paid, not conflict). */
  Future<Optional<Attempt>> unpaid(String transferId) {
    return pool.preparedQuery(UNPAID)
        .execute(Tuple.of(transferId))
        .map(rows -> attempts(rows).stream().findFirst());
  }

  private static List<Attempt> attempts(RowSet<Row> rows) {
    List<Attempt> attempts = new ArrayList<>();
    for (Row row : rows) {
      attempts.add(
          new Attempt(
              row.getString("transfer_id"),
              row.getString("invoice_id"),
              row.getString("tenant"),
              new PaidBy(
                  row.getString("payer"),
                  row.getString("payer_name"),
                  row.getString("payer_email")),
              row.getLong("amount"),
              row.getString("currency"),
              row.getInteger("attempts")));
    }
    return attempts;
  }

  /** A pay attempt the reconciler looks at. */
  record Attempt(
      String transferId,
      String invoiceId,
      String tenant,
      PaidBy payer,
      long amount,
      String currency,
      int attempt) {}
}
