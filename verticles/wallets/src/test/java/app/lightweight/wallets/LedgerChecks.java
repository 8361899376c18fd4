package app.lightweight.wallets;

import static app.lightweight.shared.testing.TestEnv.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** The ledger's invariants, asked of the database itself. */
final class LedgerChecks {
  private LedgerChecks() {}

  static void assertBalanced(Pool pool) {
    List<String> unbalanced = new ArrayList<>();
    await(
            pool.query("select currency, sum(balance) as total from accounts group by currency")
                .execute())
        .forEach(
            row -> {
              if (row.getLong("total") != 0) {
                unbalanced.add(row.getString("currency") + " sums to " + row.getLong("total"));
              }
            });
    assertThat(unbalanced).as("every currency sums to zero").isEmpty();
    assertThat(
            rows(
                pool,
                "select id from accounts where kind in ('wallet', 'revenue') and balance < 0"))
        .as("no wallet below zero")
        .isEmpty();
    assertThat(
            rows(
                pool,
                """
                select a.id from accounts a
                 where a.balance <> (select coalesce(sum(e.amount), 0) from entries e
                                      where e.account_id = a.id)
                    or a.balance <> coalesce((select e.balance_after from entries e
                                               where e.account_id = a.id
                                               order by e.seq desc limit 1), 0)
                """))
        .as("every balance is the sum of its history and its last running balance")
        .isEmpty();
    assertThat(
            rows(
                pool,
                """
                select account_id || ' #' || seq from (
                  select account_id, seq, balance_after,
                         sum(amount) over (partition by account_id order by seq) as running
                    from entries) s
                 where balance_after <> running
                """))
        .as("every entry's running balance is the sum of the account's entries up to it")
        .isEmpty();
    assertThat(
            rows(
                pool,
                """
                select t.id from transfers t
                 where (select count(*) from entries e where e.transfer_id = t.id) <> 2
                    or (select sum(amount) from entries e where e.transfer_id = t.id) <> 0
                """))
        .as("every transfer is one debit and one credit of the same amount")
        .isEmpty();
  }

  static long balance(Pool pool, String account) {
    var rows =
        await(
            pool.preparedQuery("select balance from accounts where id = $1")
                .execute(Tuple.of(account)));
    return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
  }

  static long count(Pool pool, String sql) {
    return await(pool.query(sql).execute()).iterator().next().getLong(0);
  }

  private static List<String> rows(Pool pool, String sql) {
    List<String> ids = new ArrayList<>();
    for (Row row : await(pool.query(sql).execute())) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  static void clean(Pool pool) {
    await(
        pool.query(
                "truncate entries, transfers, accounts, fundings, webhook_events, outbox,"
                    + " idempotency_keys")
            .execute());
  }
}
