-- Drafts have neither a number nor a pay token: index only the invoices that do, so writing a
-- draft (the hot path) maintains two fewer indexes. Same uniqueness: NULLs never collided.
alter table invoices drop constraint invoices_pay_token_key;
create unique index invoices_pay_token_key on invoices (pay_token) where pay_token is not null;
alter table invoices drop constraint invoices_tenant_number_key;
create unique index invoices_tenant_number_key on invoices (tenant, number) where number is not null;
