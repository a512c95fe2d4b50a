-- Installed packs (src/packs): the settings each install was given (secret ones encrypted), what it created, its
-- added instances (e.g. one DGI dealer) and every pack run with its summary.

create table packs (
  id text primary key,
  version text not null,
  status text not null check (status in ('installed', 'needs_credentials')),
  settings jsonb not null default '{}'::jsonb,          -- non-secret settings given with --set / the API
  secrets jsonb not null default '{}'::jsonb,           -- { "notion.token": "v1:…" } encrypted at rest
  missing jsonb not null default '[]'::jsonb,           -- settings still needed (credentials)
  installed_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table pack_instances (
  pack_id text not null references packs(id) on delete cascade,
  template text not null,
  name text not null,
  settings jsonb not null default '{}'::jsonb,
  secrets jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (pack_id, template, name)
);

-- What a pack (or one of its instances) created, so status and uninstall find exactly its parts.
create table pack_resources (
  pack_id text not null references packs(id) on delete cascade,
  instance text not null default '',                    -- '' = the pack itself, else "<template>/<name>"
  kind text not null check (kind in ('connection', 'destination', 'schedule', 'entity', 'model', 'dashboard', 'index')),
  part text not null,                                   -- the template id in the declaration
  name text not null,                                   -- the created object's name (connection name, schedule target)
  created_at timestamptz not null default now(),
  primary key (pack_id, kind, name)
);

create table pack_runs (
  id uuid primary key default gen_random_uuid(),
  pack_id text not null,
  status text not null check (status in ('running', 'succeeded', 'partial', 'failed')),
  trigger text not null default 'manual',
  summary jsonb,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index pack_runs_pack_idx on pack_runs (pack_id, started_at desc);
