-- Event ids are generated unique (prefixed, time-sortable, random) and nothing looks an event up
-- by its id here; consumers deduplicate on it. The unique index cost two index writes per event
-- (the insert and the relay's mark).
alter table outbox drop constraint outbox_event_id_key;
