-- pgbench script: one guarded transfer, one transaction, straight at PostgreSQL. The payer's debit
-- only happens if the balance covers it (the guard); the credit, the transfer row and its two
-- entries (with running balances) only if the debit did. Same tables as the service (schema
-- wallets), so the ledger checks hold after it too. Set up by bench/wallets: -D payers=…
-- -D businesses=… (hot account: -D businesses=1).
\set p random(1, :payers)
\set b random(1, :businesses)
\set amount random(100, 9999)
with debit as (
  update wallets.accounts set balance = balance - :amount::bigint, updated_at = now()
   where id = 'wallet:' || 'payer-' || :p::text || ':' || 'NGN' and balance >= :amount::bigint
  returning id, balance),
credit as (
  update wallets.accounts set balance = balance + :amount::bigint, updated_at = now()
   where id = 'wallet:' || 'biz-' || :b::text || ':' || 'NGN' and exists (select from debit)
  returning id, balance),
transfer as (
  insert into wallets.transfers (id, kind, debit_account, credit_account, amount, currency,
                                 reference, request_hash)
  select 'pay:' || 'sql-' || gen_random_uuid(), 'payment', debit.id, credit.id, :amount::bigint, 'NGN',
         'inv_bench', 'bench'
    from debit, credit
  returning id)
insert into wallets.entries (account_id, transfer_id, amount, balance_after)
select debit.id, transfer.id, -(:amount::bigint), debit.balance from debit, transfer
union all
select credit.id, transfer.id, :amount::bigint, credit.balance from credit, transfer;
