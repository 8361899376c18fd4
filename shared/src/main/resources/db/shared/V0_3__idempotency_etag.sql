-- The ETag of the first answer, replayed with it. Keys are now claimed inside the transaction of
-- the change they guard (see Idempotency), so a row always holds a committed answer.
alter table idempotency_keys add column etag text;
