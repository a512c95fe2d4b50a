-- The file destination: a stream written as CSV / JSON / NDJSON files into the file storage.
alter table destinations drop constraint destinations_kind_check;
alter table destinations add constraint destinations_kind_check check (kind in ('notion', 'webhook', 'file'));
