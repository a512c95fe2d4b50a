-- Destinations (Notion databases, webhook subscriptions): config with encrypted secrets, delivery state per record,
-- a cursor into the outbox per stream, a delivery log and dead letters.

create table destinations (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  kind text not null check (kind in ('notion', 'webhook')),
  config jsonb not null default '{}'::jsonb,            -- non-secret settings (stream, mapping, url, filters)
  secrets jsonb not null default '{}'::jsonb,           -- { key: "v1:…" } encrypted at rest
  state jsonb not null default '{}'::jsonb,             -- discovered ids (database, data source), schema signature
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- How far into the outbox a destination has consumed, per stream. No row = never pushed (plan from all records).
create table destination_cursors (
  destination_id uuid not null references destinations(id) on delete cascade,
  stream_id int not null references streams(id) on delete cascade,
  outbox_id bigint not null default 0,
  pulled_at timestamptz,                                -- last pull-back of human edits (two-way destinations)
  updated_at timestamptz not null default now(),
  primary key (destination_id, stream_id)
);

-- What a destination holds for one record. `state`: pending_create = a create was sent but its result not stored
-- (the next push looks the page up by its external key before creating), delivered, trashed, failed.
create table destination_records (
  destination_id uuid not null references destinations(id) on delete cascade,
  stream_id int not null,
  key text not null,
  external_id text,
  delivered_hash text,
  delivered jsonb,                                      -- the property values last sent, to send only what changed
  state text not null check (state in ('pending_create', 'delivered', 'trashed', 'failed')),
  incomplete boolean not null default false,            -- e.g. a relation target not delivered yet: retry next push
  error jsonb,                                          -- { code, message, status } of the last failure
  attempts int not null default 0,
  updated_at timestamptz not null default now(),
  primary key (destination_id, stream_id, key)
);
create index destination_records_external_idx on destination_records (destination_id, external_id);
create index destination_records_retry_idx on destination_records (destination_id, stream_id)
  where state in ('failed', 'pending_create') or incomplete;

-- One row per push (any kind): the summary shown by `sluice push` and the API.
create table destination_pushes (
  id uuid primary key default gen_random_uuid(),
  destination_id uuid not null references destinations(id) on delete cascade,
  status text not null check (status in ('running', 'succeeded', 'partial', 'failed')),
  dry_run boolean not null default false,
  summary jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index destination_pushes_dest_idx on destination_pushes (destination_id, started_at desc);

-- Webhook payloads, kept until delivered or dead-lettered so they can be redelivered.
create table destination_batches (
  id uuid primary key default gen_random_uuid(),
  destination_id uuid not null references destinations(id) on delete cascade,
  payload jsonb not null,
  event_count int not null,
  status text not null check (status in ('pending', 'delivered', 'dead')),
  attempts int not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index destination_batches_pending_idx on destination_batches (destination_id, created_at) where status = 'pending';

-- Delivery log: every attempt with its outcome, response code and latency.
create table destination_deliveries (
  id bigserial primary key,
  destination_id uuid not null references destinations(id) on delete cascade,
  batch_id uuid references destination_batches(id) on delete cascade,
  attempt int not null,
  outcome text not null check (outcome in ('delivered', 'failed')),
  response_code int,
  latency_ms int,
  error text,
  at timestamptz not null default now()
);
create index destination_deliveries_dest_idx on destination_deliveries (destination_id, id desc);

create table destination_dead_letters (
  id bigserial primary key,
  destination_id uuid not null references destinations(id) on delete cascade,
  batch_id uuid not null references destination_batches(id) on delete cascade,
  reason text not null,
  created_at timestamptz not null default now(),
  redelivered_at timestamptz
);
create index destination_dead_letters_open_idx on destination_dead_letters (destination_id) where redelivered_at is null;
