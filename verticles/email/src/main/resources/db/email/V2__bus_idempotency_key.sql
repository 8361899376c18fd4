-- email.send on the event bus carries an Idempotency-Key header (the caller's intent id): a
-- message asked for again with the same key (a retry after a lost reply) is the stored one.
alter table messages add column idempotency_key text;
create unique index messages_idempotency_key on messages (tenant, idempotency_key)
  where idempotency_key is not null;
