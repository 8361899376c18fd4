-- One profile per identity: the identity provider's subject is the key and the tenant.
create table profiles (
  subject           text primary key,
  id                text        not null unique,
  email             text,
  display_name      text,
  business_name     text,
  address           jsonb,
  tax_id            text,
  default_currency  char(3),
  logo              bytea,
  logo_content_type text,
  version           int         not null default 1,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now()
);
