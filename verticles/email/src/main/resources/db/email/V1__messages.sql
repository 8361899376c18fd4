-- A message accepted by the API or the event bus. The dispatcher claims due rows with
-- FOR UPDATE SKIP LOCKED; a claimed row is 'sending' and its next_attempt_at is the lease's end,
-- so a row whose instance died is simply due again.
create table messages (
  id              text        primary key,
  tenant          text        not null,
  status          text        not null,
  message_id      text        not null,
  sender          text        not null,
  subject         text        not null,
  content         jsonb       not null,
  tags            text[]      not null default '{}',
  metadata        jsonb,
  attempts        int         not null default 0,
  next_attempt_at timestamptz not null default now(),
  lease_owner     text,
  provider        text,
  last_error      text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now()
);
create index messages_due on messages (next_attempt_at)
  where status in ('queued', 'deferred', 'sending');
create index messages_tenant on messages (tenant, id desc);
create unique index messages_message_id on messages (message_id);

create table recipients (
  message   text not null references messages on delete cascade,
  position  int  not null,
  kind      text not null,
  address   text not null,
  name      text,
  status    text not null,
  detail    text,
  primary key (message, position)
);
create index recipients_address on recipients (lower(address));

create table attachments (
  message      text  not null references messages on delete cascade,
  position     int   not null,
  file_name    text  not null,
  content_type text  not null,
  content      bytea not null,
  primary key (message, position)
);

-- Every try with a provider; ended_at is null while it runs (or if its instance died).
create table attempts (
  id          bigserial   primary key,
  message     text        not null references messages on delete cascade,
  provider    text,
  started_at  timestamptz not null,
  ended_at    timestamptz,
  outcome     text,
  reply_code  int,
  reply_text  text
);
create index attempts_message on attempts (message, id);

-- What the providers told us later (webhooks), deduplicated by the provider's event id.
create table provider_events (
  id           bigserial   primary key,
  message      text        not null references messages on delete cascade,
  provider     text        not null,
  event_id     text        not null,
  type         text        not null,
  recipient    text,
  occurred_at  timestamptz not null,
  received_at  timestamptz not null default now(),
  detail       text,
  unique (provider, event_id)
);
create index provider_events_message on provider_events (message, id);

-- Webhook tokens (Mailgun) and batch ids (SparkPost) seen: a replay is refused or ignored.
create table webhook_receipts (
  provider    text        not null,
  receipt     text        not null,
  received_at timestamptz not null default now(),
  primary key (provider, receipt)
);
