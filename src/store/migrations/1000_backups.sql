-- Scheduled backups: one row per cron tick, claimed by the first process that takes it, so a tick makes exactly one
-- backup however many processes fire schedules.
create table backup_ticks (
  tick timestamptz primary key,
  claimed_at timestamptz not null default now(),
  location text,
  error text
);
