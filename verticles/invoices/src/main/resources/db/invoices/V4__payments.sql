-- Paying an invoice from a wallet (POST /api/invoices/public/{token}/pay).
-- Who paid: {"subject", "name", "email"} of the payer's token, set with the PAY move.
alter table invoices add column paid_by jsonb;

-- A pay attempt, written before the wallets service is asked to move the money, so that an answer
-- lost to a timeout or a crash is finished by the reconciler: one row per transfer id
-- (pay:<invoice id>), whose latest attempt it records. 'pending' until the invoice is paid or the
-- transfer is known not to exist ('closed'); 'conflict' when the transfer exists but the invoice
-- cannot take it (logged for a person to look at). While an invoice has a pending attempt it can
-- be neither voided nor marked paid by another payment.
create table payments (
  transfer_id text primary key,
  invoice_id  text        not null,
  tenant      text        not null,
  payer       text        not null,
  payer_name  text,
  payer_email text,
  amount      bigint      not null check (amount > 0),
  currency    char(3)     not null,
  status      text        not null check (status in ('pending', 'paid', 'closed', 'conflict')),
  attempts    int         not null default 1,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
create index payments_pending on payments (updated_at) where status = 'pending';
create index payments_by_invoice on payments (invoice_id) where status = 'pending';
