-- Every row belongs to one business (tenant = the identity provider's subject of its token);
-- every query filters by tenant, so another business's id is simply not found.

-- Per-business preferences: the invoice number prefix, the tax label and the seller details
-- that invoices use when the users service cannot be asked.
create table business_settings (
  tenant        text primary key,
  number_prefix text        not null default 'INV',
  tax_label     text,
  business      jsonb,
  version       int         not null default 1,
  updated_at    timestamptz not null default now()
);

create table customers (
  id         text primary key,
  tenant     text        not null,
  name       text        not null,
  email      text,
  address    jsonb,
  tax_id     text,
  version    int         not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index customers_by_tenant on customers (tenant, id);

-- Gap-free numbering: one counter per business and calendar year, incremented inside the
-- issuing transaction (the row lock serialises concurrent issues; a rollback returns the number).
create table invoice_counters (
  tenant     text not null,
  year       int  not null,
  last_value int  not null,
  primary key (tenant, year)
);

-- Logos frozen into issued invoices, stored once per distinct image.
create table logos (
  sha256       text primary key,
  content_type text  not null,
  bytes        bytea not null
);

create table invoices (
  id                text primary key,
  tenant            text        not null,
  status            text        not null
                    check (status in ('draft', 'issued', 'sent', 'paid', 'void')),
  number            text,
  customer_id       text,
  customer          jsonb       not null,
  business          jsonb,
  business_logo     text references logos (sha256),
  currency          char(3)     not null,
  issue_date        date        not null,
  due_date          date        not null check (due_date >= issue_date),
  lines             jsonb       not null,
  notes             text,
  terms             text,
  tax_label         text,
  amount_paid       bigint      not null default 0,
  payment_reference text,
  pay_token         text unique,
  version           int         not null default 1,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  issued_at         timestamptz,
  sent_at           timestamptz,
  paid_at           timestamptz,
  voided_at         timestamptz,
  unique (tenant, number),
  check ((status = 'draft') = (number is null)),
  check ((status = 'draft') = (pay_token is null))
);
create index invoices_by_tenant on invoices (tenant, id);
create index invoices_by_customer on invoices (tenant, customer_id, id);
create index invoices_open_by_due_date on invoices (tenant, due_date) where status in ('issued', 'sent');
