-- Core control and data tables (spine). Other modules add their own numbered files:
-- 01xx server/auth, 02xx jobs, 03xx resolution, 04xx destinations, 05xx connectors, 06xx models/packs.

create table connections (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  connector text not null,
  config jsonb not null default '{}'::jsonb,          -- non-secret settings
  secrets jsonb not null default '{}'::jsonb,         -- { key: "v1:<iv>:<tag>:<ciphertext>" } encrypted at rest
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A stream is a dataset (one typed view). Several connections may feed one stream (one DGI stream, many dealers);
-- records remember which connection last wrote them so removal inference stays per connection.
create table streams (
  id serial primary key,
  name text not null unique,
  connector text not null,
  primary_key text[] not null,
  schema jsonb not null,
  sync_mode text not null check (sync_mode in ('full_snapshot', 'incremental')),
  parent_stream text,
  view_name text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table stream_state (
  stream_id int not null references streams(id) on delete cascade,
  connection_id uuid not null references connections(id) on delete cascade,
  state jsonb,
  last_run_id uuid,
  last_complete_run_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (stream_id, connection_id)
);

create table runs (
  id uuid primary key default gen_random_uuid(),
  connection_id uuid references connections(id) on delete set null,
  connection_name text not null,
  kind text not null default 'sync',
  status text not null check (status in ('queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled')),
  full_refresh boolean not null default false,
  trigger text not null default 'manual',
  streams jsonb not null default '{}'::jsonb,          -- per-stream counts
  flags jsonb not null default '[]'::jsonb,            -- warnings: mass-removal guard, incomplete reads
  error jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  heartbeat_at timestamptz
);
create index runs_started_idx on runs (started_at desc);
create index runs_connection_idx on runs (connection_id, started_at desc);

create table run_logs (
  id bigserial primary key,
  run_id uuid not null references runs(id) on delete cascade,
  at timestamptz not null default now(),
  level text not null,
  message text not null,
  data jsonb
);
create index run_logs_run_idx on run_logs (run_id, id);

create table records (
  stream_id int not null references streams(id) on delete cascade,
  key text not null,
  connection_id uuid,
  parent_key text,
  data jsonb not null,
  hash text not null,
  status text not null default 'active' check (status in ('active', 'removed')),
  missed_runs int not null default 0,
  version int not null default 1,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  removed_at timestamptz,
  last_run_id uuid,
  annotations jsonb,                                    -- human edits pulled back from destinations (who/when)
  primary key (stream_id, key)
);
create index records_parent_idx on records (stream_id, parent_key) where parent_key is not null;
create index records_conn_status_idx on records (stream_id, connection_id, status);

create table changes (
  id bigserial primary key,
  run_id uuid,
  stream_id int not null references streams(id) on delete cascade,
  key text not null,
  kind text not null check (kind in ('created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated')),
  fields jsonb,                                          -- { "path": { "op", "old", "new" } } for updates
  actor text,
  at timestamptz not null default now()
);
create index changes_stream_key_idx on changes (stream_id, key, id);
create index changes_at_idx on changes (at);
create index changes_run_idx on changes (run_id);

create table quarantine (
  id bigserial primary key,
  run_id uuid,
  stream_id int references streams(id) on delete cascade,
  connection_id uuid,
  line bigint,
  position text,
  raw jsonb,
  reasons jsonb not null,
  at timestamptz not null default now(),
  resolved_at timestamptz
);
create index quarantine_stream_idx on quarantine (stream_id, id);

-- Change events for destinations, written in the same transaction as the change. Consumers keep their own cursor.
create table outbox (
  id bigserial primary key,
  change_id bigint not null,
  stream_id int not null,
  key text not null,
  kind text not null,
  run_id uuid,
  at timestamptz not null default now()
);
create index outbox_stream_idx on outbox (stream_id, id);
