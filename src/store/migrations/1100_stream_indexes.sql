-- Indexes for the fields a stream filters and sorts on, declared by packs (`indexes` in a pack spec), by stream
-- settings (`sluice stream index`) and created concurrently on PostgreSQL once the stream exists.
create table stream_indexes (
  stream_name text not null,
  fields text[] not null,
  sort_field text not null default '',
  source text not null,
  index_name text not null unique,
  created_at timestamptz,
  declared_at timestamptz not null default now(),
  primary key (stream_name, fields, sort_field)
);
