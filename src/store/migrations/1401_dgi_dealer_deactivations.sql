-- The schedules a dealer's deactivation paused, so its reactivation resumes exactly those and never one a person had
-- paused by hand (before or while the dealer was inactive).
create table dgi_dealer_deactivations (
  dealer text primary key,
  paused_schedule_ids uuid[] not null,
  deactivated_at timestamptz not null default now()
);
