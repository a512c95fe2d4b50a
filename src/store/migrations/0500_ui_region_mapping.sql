-- ui.com locator: the region/country-state pairs the site lists, kept over time. Seeded from the static fallback,
-- refreshed by discovery from the page's mainRegionsData: pairs that vanish become inactive, pairs that return are
-- reactivated (never deleted, so their history stays).
create table ui_region_mapping (
  region text not null,
  country_state text not null,
  name text,                                   -- the country/state name as the site's menu shows it
  active boolean not null default true,
  source text not null check (source in ('fallback', 'discovered')),
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz,                    -- last discovery that listed the pair (null: never confirmed)
  deactivated_at timestamptz,
  reactivated_at timestamptz,
  times_reactivated int not null default 0,
  updated_at timestamptz not null default now(),
  primary key (region, country_state)
);
create index ui_region_mapping_active_idx on ui_region_mapping (active, region);

create table ui_region_mapping_refreshes (
  id bigserial primary key,
  at timestamptz not null default now(),
  base_url text not null,
  ok boolean not null,
  discovered int not null default 0,
  added jsonb not null default '[]'::jsonb,
  deactivated jsonb not null default '[]'::jsonb,
  reactivated jsonb not null default '[]'::jsonb,
  problem text
);
