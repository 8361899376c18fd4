-- Domain events written in the same transaction as the change they describe, then relayed to the
-- event bus and to Kafka (see OutboxRelay). Ordered by seq; one row per event.
create table outbox (
  seq          bigserial primary key,
  event_id     text        not null unique,
  aggregate_id text        not null,
  type         text        not null,
  subject      text,
  occurred_at  timestamptz not null default now(),
  data         jsonb       not null,
  bus_sent_at  timestamptz,
  kafka_sent_at timestamptz,
  attempts     int         not null default 0,
  last_error   text
);
create index outbox_bus_pending on outbox (seq) where bus_sent_at is null;
create index outbox_kafka_pending on outbox (seq) where kafka_sent_at is null;

-- Idempotency-Key of creating requests: a replay gets the first answer back.
create table idempotency_keys (
  tenant        text        not null,
  key           text        not null,
  request_hash  text        not null,
  status        int,
  content_type  text,
  body          bytea,
  location      text,
  created_at    timestamptz not null default now(),
  primary key (tenant, key)
);
create index idempotency_keys_created on idempotency_keys (created_at);
