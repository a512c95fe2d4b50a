-- Models (derived streams) and dashboards, declared by packs and stored here (issue #11).

-- A model's records and its stream state carry the model's id where a source's carry its connection id, so removal
-- inference and "last seen in a complete run" work for models exactly as for sources.
create table models (
  name text primary key,
  id uuid not null unique default gen_random_uuid(),
  pack text,
  spec jsonb not null,
  inputs text[] not null default '{}',
  -- pending: saved before its inputs existed (validated at its first refresh); ok; invalid: its SQL no longer fits.
  validation text not null default 'pending' check (validation in ('pending', 'ok', 'invalid')),
  validation_error jsonb,
  last_run_id uuid,
  last_status text,
  last_refreshed_at timestamptz,
  last_error jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index models_pack_idx on models (pack);

create table dashboards (
  id text primary key,
  pack text,
  parent text,
  title text not null,
  spec jsonb not null,
  position int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index dashboards_parent_idx on dashboards (parent);

-- stream_state rows of models are keyed by the model's id, which is not a connection: the foreign key becomes a
-- trigger that still clears a deleted connection's state.
alter table stream_state drop constraint if exists stream_state_connection_id_fkey;
create function sluice_clear_connection_state() returns trigger language plpgsql as $$
begin
  delete from stream_state where connection_id = old.id;
  return old;
end
$$;
create trigger connections_clear_stream_state after delete on connections
  for each row execute function sluice_clear_connection_state();

-- The change history and the runs as relations models can read (stream names, not ids). No stream view can start
-- with "_" (stream names become identifiers without leading underscores), so these never collide.
create view data._changes as
  select c.id, c.run_id, s.name as stream, c.key, c.kind, c.fields, c.actor, c.at
  from changes c join streams s on s.id = c.stream_id;

create view data._runs as
  select id, connection_name as connection, kind, status, trigger, full_refresh, streams, flags, error, started_at,
    finished_at, (extract(epoch from finished_at - started_at) * 1000)::bigint as duration_ms
  from runs;
