-- Message contents (jsonb, 10 kB and up) and attachments are stored out of line (TOAST) and
-- compressed: lz4 costs a fraction of the CPU of the default pglz (pglz_compress was the largest
-- single function of PostgreSQL's time in bench/email). Existing rows keep their compression.
alter table messages alter column content set compression lz4;
alter table attachments alter column content set compression lz4;
