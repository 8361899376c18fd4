-- An email the invoices service asked for: an invoice (or a reminder) to its customer, a receipt
-- to the payer, a paid notice to the business. Written in the transaction of the change that
-- calls for it; SendRelay hands it to the email service (email.send, Idempotency-Key = id) until
-- the email service has stored it (email_id set), retrying with backoff; the email service's
-- events then move its status: queued -> sent -> delivered | bounced, or failed.
create table sends (
  id              text        primary key,
  tenant          text        not null,
  invoice_id      text        not null,
  kind            text        not null check (kind in ('invoice', 'reminder', 'receipt', 'paid_notice')),
  -- the address it goes to; null for a paid notice until the relay has asked for the business's
  recipient       text,
  status          text        not null default 'queued'
                  check (status in ('queued', 'sent', 'delivered', 'bounced', 'failed')),
  detail          text,
  attempts        int         not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error      text,
  email_id        text,
  message_id      text,
  created_at      timestamptz not null,
  updated_at      timestamptz not null default now()
);
-- what the relay still has to hand over
create index sends_to_hand_over on sends (next_attempt_at) where email_id is null and status = 'queued';
create index sends_of_invoice on sends (tenant, invoice_id, created_at);

-- What happened to an invoice, in time order: its lifecycle (written in the transaction of each
-- change), its emails (from the email service's events) and its public page being opened.
create table timeline (
  seq          bigserial   primary key,
  tenant       text        not null,
  invoice_id   text        not null,
  type         text        not null,
  at           timestamptz not null,
  send_id      text,
  data         jsonb       not null default '{}',
  -- the email service's event id behind a send.* entry: an event heard twice is recorded once
  source_event text        unique
);
create index timeline_of_invoice on timeline (tenant, invoice_id, at, seq);
