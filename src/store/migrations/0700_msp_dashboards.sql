-- msp-dashboards pack (issue #12): logged configuration changes, daily health snapshots, customer mappings.

create sequence if not exists msp_change_seq;

-- Changes logged by people and tools (CLI `sluice change log`, POST /api/v1/packs/msp-dashboards/changes).
create table if not exists msp_logged_changes (
  id bigint primary key default nextval('msp_change_seq'),
  change_id text not null unique,
  site text not null,
  -- The UniFi site the `site` text named (id, description or name), when it could be resolved at log time.
  site_id text,
  device text,
  tool text not null,
  vendor text,
  category text not null,
  action text not null,
  summary text not null,
  details text,
  engineer text,
  ticket_id text,
  rollback_plan text,
  risk_level text not null check (risk_level in ('low', 'medium', 'high', 'critical')),
  logged_by text not null,
  logged_at timestamptz not null default now()
);
create index if not exists msp_logged_changes_site on msp_logged_changes (site_id, logged_at);

-- One row per site per health date: the day's values are frozen when computed (06:00 site-local), recomputed only on
-- request (`--health-date`).
create table if not exists msp_daily_health (
  site_id text not null,
  health_date date not null,
  evaluated_at timestamptz not null,
  computed_at timestamptz not null default now(),
  health jsonb not null,
  primary key (site_id, health_date)
);

-- A person's decisions per site: the NinjaOne organization (a row with organization_id null and no override means
-- "no organization" only when manual_org is true; `manual_org` false means matching decides) and the deployment
-- override. They win over automation.
create table if not exists msp_customer_decisions (
  site_id text primary key,
  manual_org boolean not null default false,
  organization_id bigint,
  -- onboarding / offboarding set by a person: wins over the health band's Deployment Status.
  deployment_override text check (deployment_override in ('onboarding', 'offboarding')),
  decided_by text not null,
  decided_at timestamptz not null default now()
);
