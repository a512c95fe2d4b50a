-- Entity resolution (03xx): the records being resolved, their blocking index, entities (golden records), the review
-- queue, human decisions and the merge log. The engine is pure (src/resolve); these tables are its storage.

-- One row per occurrence of an entity in a source (an agent row, one member of a team page), normalised.
create table resolution_records (
  entity_type text not null,
  record_id text not null,
  source text not null,
  source_key text not null,
  member_index int,
  scope text not null default '',
  name text not null default '',
  emails text[] not null default '{}',
  phones text[] not null default '{}',
  attributes jsonb not null default '{}'::jsonb,
  observed_at timestamptz not null,
  -- Identity hash (name + emails + phones + team, PACKS.md §3) and a hash of everything else the golden record uses.
  hash text not null,
  detail_hash text not null default '',
  entity_id uuid,
  -- Set when the record or its neighbourhood changed and the next run must re-resolve it (survives a failed run).
  dirty boolean not null default true,
  updated_at timestamptz not null default now(),
  primary key (entity_type, record_id)
);
create index resolution_records_entity_idx on resolution_records (entity_type, entity_id);
create index resolution_records_source_idx on resolution_records (entity_type, source, source_key);
create index resolution_records_dirty_idx on resolution_records (entity_type) where dirty;

-- The blocking index: a record is only ever compared with records sharing one of its keys.
create table resolution_blocks (
  entity_type text not null,
  block_key text not null,
  record_id text not null,
  primary key (entity_type, block_key, record_id)
);
create index resolution_blocks_record_idx on resolution_blocks (entity_type, record_id);

create table entities (
  id uuid primary key,
  entity_type text not null,
  name text not null default '',
  emails text[] not null default '{}',
  phones text[] not null default '{}',
  scope text not null default '',
  attributes jsonb not null default '{}'::jsonb,
  provenance jsonb not null default '{}'::jsonb,
  sources text[] not null default '{}',
  member_count int not null,
  confidence int not null,
  match_tier text,
  needs_review boolean not null default false,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index entities_type_scope_idx on entities (entity_type, scope);
create index entities_review_idx on entities (entity_type) where needs_review;

create table resolution_reviews (
  id bigserial primary key,
  entity_type text not null,
  record_a text not null,
  record_b text not null,
  score int not null,
  tier text not null,
  cause text not null,
  reasons jsonb not null default '[]'::jsonb,
  status text not null default 'open' check (status in ('open', 'approved', 'rejected', 'superseded')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by text
);
create unique index resolution_reviews_open_pair_idx on resolution_reviews (entity_type, record_a, record_b) where status = 'open';
create index resolution_reviews_status_idx on resolution_reviews (entity_type, status, id);

-- Human decisions constrain every later run: approve = must link, reject and split = never link.
create table resolution_decisions (
  id bigserial primary key,
  entity_type text not null,
  kind text not null check (kind in ('approve', 'reject', 'split')),
  record_a text not null,
  record_b text not null,
  review_id bigint,
  actor text,
  at timestamptz not null default now()
);
create index resolution_decisions_a_idx on resolution_decisions (entity_type, record_a);
create index resolution_decisions_b_idx on resolution_decisions (entity_type, record_b);

-- The merge log: written before the work starts, so a failed run's row survives its rolled-back transaction.
create table resolution_runs (
  id uuid primary key default gen_random_uuid(),
  entity_type text not null,
  mode text not null check (mode in ('full', 'incremental')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  records_processed int not null default 0,
  merged int not null default 0,
  new_entities int not null default 0,
  queued_for_review int not null default 0,
  error jsonb
);
create index resolution_runs_started_idx on resolution_runs (entity_type, started_at desc);

-- Everything connected to the seeds through shared blocks or human approvals: the neighbourhood a change can affect.
create function resolution_component(p_type text, p_seeds text[]) returns setof text
language sql stable as $$
  with recursive comp(record_id) as (
    select unnest(p_seeds)
    union
    select x.record_id from comp cross join lateral (
      select b2.record_id from resolution_blocks b1
        join resolution_blocks b2 on b2.entity_type = p_type and b2.block_key = b1.block_key
        where b1.entity_type = p_type and b1.record_id = comp.record_id
      union
      select case when d.record_a = comp.record_id then d.record_b else d.record_a end from resolution_decisions d
        where d.entity_type = p_type and d.kind = 'approve' and (d.record_a = comp.record_id or d.record_b = comp.record_id)
    ) x
  )
  select record_id from comp
$$;

-- Candidates for one record: those sharing any of its blocking keys (the lookup behind single-record matching).
create function resolution_candidates(p_type text, p_keys text[]) returns setof text
language sql stable as $$
  select distinct record_id from resolution_blocks where entity_type = p_type and block_key = any(p_keys)
$$;

-- The seed's names for the agents pack, as views over the generic tables.
create view master_agents as
  select id as agent_id, name as full_name, emails, phones as phone_numbers, scope as source_team_id,
         confidence as confidence_score, needs_review, match_tier, member_count, sources, attributes, provenance,
         created_at, updated_at
  from entities where entity_type = 'agent';

create view unified_company_member as
  select record_id as id, source_key as research_uuid, member_index, scope as team_id, name as member_name,
         emails as email_normalized, phones as phone_normalized, hash as record_hash, entity_id as agent_id,
         attributes, observed_at
  from resolution_records where entity_type = 'agent' and source = 'company_info_raw';

create view unified_merge_logs as
  select id, started_at, finished_at, records_processed as total_processed, merged, new_entities, queued_for_review,
         status, error ->> 'message' as error_message, mode
  from resolution_runs where entity_type = 'agent';
