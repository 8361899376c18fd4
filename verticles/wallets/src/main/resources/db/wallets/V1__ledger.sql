-- The ledger (DESIGN.md section 8). Amounts are integer minor units of the account's currency.
-- An account is a wallet (one per user and currency, opened on first use), the platform's
-- revenue account of a currency, or the payment provider's clearing account of a currency, which
-- goes negative by what has been paid in: the balances of one currency always sum to zero.
create table accounts (
  id         text primary key,            -- wallet:<sub>:NGN, revenue:NGN, clearing:NGN
  kind       text        not null check (kind in ('wallet', 'revenue', 'clearing')),
  owner      text,                        -- the user's subject for a wallet
  currency   char(3)     not null,
  balance    bigint      not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- the last line of defence: the store's own check runs first (with the row locked)
  constraint wallet_never_negative check (kind <> 'wallet' or balance >= 0),
  constraint revenue_never_negative check (kind <> 'revenue' or balance >= 0)
);
create unique index accounts_wallet_owner on accounts (owner, currency) where kind = 'wallet';

-- A transfer moves one amount from one account to another. Its id is the caller's idempotency
-- key (pay:<invoice id>, funding:<funding id>); a payment's service charge is a transfer of its
-- own (<id>/charge, parent_id = the payment) posted in the same database transaction.
create table transfers (
  id             text primary key,
  parent_id      text references transfers (id),
  kind           text        not null,
  debit_account  text        not null references accounts (id),
  credit_account text        not null references accounts (id),
  amount         bigint      not null check (amount > 0),
  currency       char(3)     not null,
  reference      text,
  metadata       jsonb       not null default '{}',
  debit_name     text,                    -- display names of the parties where known
  credit_name    text,
  request_hash   text        not null,    -- what the caller asked, to tell a replay from a reuse
  created_at     timestamptz not null default now(),
  check (debit_account <> credit_account)
);
create index transfers_parent on transfers (parent_id) where parent_id is not null;

-- Two entries per transfer: the debit (negative) and the credit (positive), each with the
-- account's balance right after it, so the history explains every minor unit.
create table entries (
  seq           bigserial primary key,
  account_id    text        not null references accounts (id),
  transfer_id   text        not null references transfers (id),
  amount        bigint      not null check (amount <> 0),
  balance_after bigint      not null,
  created_at    timestamptz not null default now()
);
create index entries_account on entries (account_id, seq);

-- Money paid in through the payment provider: one funding per checkout.
create table fundings (
  id             text primary key,
  owner          text        not null,
  amount         bigint      not null check (amount > 0),
  currency       char(3)     not null,
  status         text        not null check (status in ('pending', 'succeeded', 'failed')),
  provider       text        not null,
  intent_id      text unique,
  checkout_url   text,
  failure_reason text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now()
);
create index fundings_owner on fundings (owner, created_at);
create index fundings_pending on fundings (created_at) where status = 'pending';

-- Webhook events seen, by the provider's event id: a delivery seen before is answered 200 and
-- changes nothing.
create table webhook_events (
  event_id    text primary key,
  type        text        not null,
  intent_id   text,
  received_at timestamptz not null default now()
);
