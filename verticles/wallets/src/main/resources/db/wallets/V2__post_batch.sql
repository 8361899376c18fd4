-- A batch's writes as one statement: the service decides the batch's postings, then sends this
-- call (and, in a transaction of its own, COMMIT right behind it). Being one statement, it is
-- written whole or not at all: there is no way for part of a batch to commit.
--
-- expected: when the service decided on balances it remembers from its own commits (not read
-- now), the balance each locked account must still have; this first locks those accounts in the
-- order every writer uses (wallets by id, then the platform's accounts by id) and refuses with
-- 40001 unless each has it, and with 23505 if a posting's id is taken (it was decided as new:
-- a replay must be answered with the original). Null when the caller locked them and read them
-- and the ids taken in this transaction.
--
-- Late accounts (revenue, clearing: nothing here may overdraw them) are moved last, under their
-- row locks, and their entries' running balances are the moved balance less what moves after.
-- Locks are "for no key update", what an update takes: they queue writers of the same account but
-- not the foreign-key checks (key share) of concurrent batches' transfers naming it ("for update"
-- would: two batches crediting revenue each held a key share on it and waited for the other's).
create function post_batch(
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
