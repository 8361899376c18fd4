-- The foreign keys of transfers and entries were per-row triggers (13 SPI lookups with key-share
-- locks per payment, most of PostgreSQL's CPU for it: 0.45 ms with them, 0.25 ms without). Every
-- write to these tables is post_batch, which now checks each batch whole in three set-based
-- statements over its arrays, and checks more: an entry is a leg of a transfer of its own batch,
-- and the entries add up to the balances the batch moves.
alter table entries
  drop constraint entries_account_id_fkey,
  drop constraint entries_transfer_id_fkey;
alter table transfers
  drop constraint transfers_debit_account_fkey,
  drop constraint transfers_credit_account_fkey,
  drop constraint transfers_parent_id_fkey;

-- As V2 (see there), with the batch checks before anything is written; any of them failing
-- raises, and the one statement writes nothing:
--   1. the entries (e_* and le_*) are exactly the two legs of the batch's transfers, as a multiset:
--      (transfer, debit account, -amount) and (transfer, credit account, +amount) — 23514;
--   2. every account with an entry has exactly one delta, in d_* if its entries are in e_* and in
--      l_* if they are in le_*, equal to the sum of its entries; and every delta has an entry —
--      23514. With 1, every account a transfer names is so among the accounts the batch moves,
--      and the row counts of the updates below prove those exist (23503);
--   3. a transfer's parent is another transfer of the batch or one that exists — 23503.
create or replace function post_batch(
  locked_ids text[], expected bigint[], posting_ids text[],
  t_id text[], t_parent text[], t_kind text[], t_debit text[], t_credit text[],
  t_amount bigint[], t_currency text[], t_reference text[], t_metadata text[],
  t_debit_name text[], t_credit_name text[], t_hash text[], moved_at timestamptz,
  d_id text[], d_delta bigint[],
  e_account text[], e_transfer text[], e_amount bigint[], e_after bigint[],
  l_id text[], l_delta bigint[],
  le_account text[], le_transfer text[], le_amount bigint[], le_rest bigint[],
  ev_id text[], ev_aggregate text[], ev_type text[], ev_subject text[],
  ev_time timestamptz[], ev_data jsonb[])
returns void
language plpgsql as $$
declare
  n bigint;
begin
  if expected is not null then
    perform 1 from accounts where id = any(locked_ids)
      order by kind <> 'wallet', id for no key update;
    select count(*) into n
      from accounts a join unnest(locked_ids, expected) as x(id, balance)
        on a.id = x.id and a.balance = x.balance;
    if n <> cardinality(locked_ids) then
      raise exception 'the balances this batch was decided on have changed'
        using errcode = '40001';
    end if;
    if exists (select 1 from transfers where id = any(posting_ids)) then
      raise exception 'a transfer id of this batch is taken' using errcode = '23505';
    end if;
  end if;
  if cardinality(t_id) = 0 then
    return;
  end if;

  -- 1. legs counted +1, entries -1: a group that does not come to 0 is a leg or an entry too many
  if exists (
      select from (
        select t.id, t.debit, -t.amount, 1 from unnest(t_id, t_debit, t_amount) as t(id, debit, amount)
        union all
        select t.id, t.credit, t.amount, 1 from unnest(t_id, t_credit, t_amount) as t(id, credit, amount)
        union all
        select e.transfer_id, e.account_id, e.amount, -1
          from unnest(e_transfer, e_account, e_amount) as e(transfer_id, account_id, amount)
        union all
        select e.transfer_id, e.account_id, e.amount, -1
          from unnest(le_transfer, le_account, le_amount) as e(transfer_id, account_id, amount)
      ) as x(transfer_id, account_id, amount, side)
      group by transfer_id, account_id, amount
      having sum(side) <> 0) then
    raise exception 'the entries of this batch are not the two legs of its transfers'
      using errcode = '23514';
  end if;

  -- 2. per account: one delta (d or l, where its entries are), the sum of its entries, an entry
  if exists (
      select from (
        select d.id, false, d.delta, 1 from unnest(d_id, d_delta) as d(id, delta)
        union all
        select e.account_id, false, -e.amount, 0
          from unnest(e_account, e_amount) as e(account_id, amount)
        union all
        select d.id, true, d.delta, 1 from unnest(l_id, l_delta) as d(id, delta)
        union all
        select e.account_id, true, -e.amount, 0
          from unnest(le_account, le_amount) as e(account_id, amount)
      ) as x(account_id, late, net, deltas)
      group by account_id
      having sum(deltas) <> 1 or count(*) < 2 or bool_and(late) <> bool_or(late)
          or sum(net) is distinct from 0) then
    raise exception 'the entries of this batch do not add up to the balances it moves'
      using errcode = '23514';
  end if;

  -- 3. parents: in the batch (the usual case: no lookup) or already there, never itself
  if exists (
      select from unnest(t_id, t_parent) as t(id, parent_id)
       where t.parent_id is not null
         and (t.parent_id = t.id
              or (t.parent_id <> all(t_id)
                  and not exists (select from transfers p where p.id = t.parent_id)))) then
    raise exception 'a parent transfer of this batch does not exist' using errcode = '23503';
  end if;

  insert into transfers (id, parent_id, kind, debit_account, credit_account, amount, currency,
                         reference, metadata, debit_name, credit_name, request_hash, created_at)
  select t.id, t.parent_id, t.kind, t.debit_account, t.credit_account, t.amount, t.currency,
         t.reference, t.metadata::jsonb, t.debit_name, t.credit_name, t.request_hash, moved_at
    from unnest(t_id, t_parent, t_kind, t_debit, t_credit, t_amount, t_currency, t_reference,
                t_metadata, t_debit_name, t_credit_name, t_hash)
         as t(id, parent_id, kind, debit_account, credit_account, amount, currency, reference,
              metadata, debit_name, credit_name, request_hash);

  update accounts a set balance = a.balance + d.delta, updated_at = moved_at
    from unnest(d_id, d_delta) as d(id, delta) where a.id = d.id;
  get diagnostics n = row_count;
  if n <> cardinality(d_id) then
    raise exception 'an account of the batch is missing' using errcode = '23503';
  end if;
  insert into entries (account_id, transfer_id, amount, balance_after, created_at)
  select e.account_id, e.transfer_id, e.amount, e.balance_after, moved_at
    from unnest(e_account, e_transfer, e_amount, e_after) with ordinality
         as e(account_id, transfer_id, amount, balance_after, k)
   order by e.k;

  insert into outbox (event_id, aggregate_id, type, subject, occurred_at, data)
  select * from unnest(ev_id, ev_aggregate, ev_type, ev_subject, ev_time, ev_data);

  if cardinality(l_id) > 0 then
    perform 1 from accounts where id = any(l_id) order by id for no key update;
    update accounts a set balance = a.balance + d.delta, updated_at = moved_at
      from unnest(l_id, l_delta) as d(id, delta) where a.id = d.id;
    get diagnostics n = row_count;
    if n <> cardinality(l_id) then
      raise exception 'an account of the batch is missing' using errcode = '23503';
    end if;
    insert into entries (account_id, transfer_id, amount, balance_after, created_at)
    select e.account_id, e.transfer_id, e.amount,
           (select a.balance from accounts a where a.id = e.account_id) - e.rest, moved_at
      from unnest(le_account, le_transfer, le_amount, le_rest) with ordinality
           as e(account_id, transfer_id, amount, rest, k)
     order by e.k;
  end if;
end
$$;
