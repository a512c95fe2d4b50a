-- Job schedules (src/jobs). The queue itself is pg-boss, which owns its own schema ("pgboss").
--
-- A schedule names one unit of work (a target such as `sync:dgi-dealer-12`, `push:notion-companies`) and a cron
-- expression evaluated in its own time zone. Schedulers in every process claim a tick by advancing
-- `last_tick_at` (a guarded UPDATE, so only one process wins) and recording the tick in `job_schedule_ticks`,
-- whose primary key makes "a tick fires once" a database fact rather than a hope.
create table job_schedules (
  id uuid primary key default gen_random_uuid(),
  target text not null unique,                 -- `<kind>:<name>[/<stream>]`
  kind text not null,                          -- sync | push | resolve | model
  payload jsonb not null,                      -- the job's data
  cron text not null,
  timezone text not null default 'UTC',
  paused boolean not null default false,
  source text,                                 -- who created it: cli, api, pack:<id>
  last_tick_at timestamptz,                    -- the latest occurrence that fired
  next_due_at timestamptz,                     -- the next occurrence to fire (null while paused)
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index job_schedules_due_idx on job_schedules (next_due_at) where not paused;

create table job_schedule_ticks (
  schedule_id uuid not null references job_schedules(id) on delete cascade,
  tick_at timestamptz not null,                -- the cron occurrence
  job_id uuid not null,                        -- derived from (schedule, tick) so a re-send is idempotent
  status text not null default 'claimed' check (status in ('claimed', 'enqueued', 'coalesced')),
  claimed_by text not null,
  claimed_at timestamptz not null default now(),
  primary key (schedule_id, tick_at)
);
create index job_schedule_ticks_pending_idx on job_schedule_ticks (claimed_at) where status = 'claimed';
