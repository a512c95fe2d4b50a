-- Alerts: a condition that needs a person (a connection or destination failing N times in a row, a tripped removal
-- guard, a failed model, a breaker that stays open). One open row per condition key: the partial unique index makes
-- opening idempotent across workers; resolving is one atomic update.
create table alerts (
  id bigserial primary key,
  key text not null,
  kind text not null check (kind in ('connection_failing', 'destination_failing', 'removal_guard', 'model_failed', 'breaker_open')),
  subject text not null,
  message text not null,
  details jsonb not null default '{}'::jsonb,
  opened_at timestamptz not null default now(),
  resolved_at timestamptz,
  -- set once every configured webhook has the "opened" / "recovered" notification
  notified_at timestamptz,
  recovery_notified_at timestamptz,
  notify_error text
);
create unique index alerts_open_key on alerts (key) where resolved_at is null;
create index alerts_pending on alerts (id) where notified_at is null or (resolved_at is not null and recovery_notified_at is null);
create index alerts_opened_at on alerts (opened_at desc);

-- One row per notification per webhook: claimed before it is sent, so two workers never send the same one.
create table alert_notifications (
  alert_id bigint not null references alerts (id) on delete cascade,
  event text not null check (event in ('opened', 'recovered')),
  webhook text not null,
  claimed_at timestamptz not null default now(),
  sent_at timestamptz,
  primary key (alert_id, event, webhook)
);

-- Circuit breakers live in each process; each process reports its own here so any process can see one stay open.
create table upstream_breakers (
  instance text not null,
  upstream text not null,
  state text not null check (state in ('closed', 'open', 'half_open')),
  -- when the breaker last left `closed` (kept through half-open trials that fail); null while closed
  open_since timestamptz,
  seen_at timestamptz not null default now(),
  primary key (instance, upstream)
);
