import type { Database, SqlExecutor } from '../../store/database.js';
import { FALLBACK_PAIRS, pairId, type RegionPair } from './region-pairs.js';

export interface RegionMappingRow {
  readonly region: string;
  readonly country_state: string;
  readonly name: string | null;
  readonly active: boolean;
  readonly source: 'fallback' | 'discovered';
  readonly first_seen_at: Date;
  readonly last_seen_at: Date | null;
  readonly deactivated_at: Date | null;
  readonly reactivated_at: Date | null;
  readonly times_reactivated: number;
  /** Active distributors currently listed under the pair (from the `distributors` stream). */
  readonly distributors: number;
}

export interface MappingChange {
  readonly added: string[];
  readonly deactivated: string[];
  readonly reactivated: string[];
  readonly unchanged: number;
}

/** Seeds the static fallback once, so a fresh install lists the 131 known pairs before any discovery. */
export async function seedFallbackMapping(db: SqlExecutor): Promise<number> {
  const r = await db.query(
    `insert into ui_region_mapping (region, country_state, source)
     select region, code, 'fallback' from unnest($1::text[], $2::text[]) as t(region, code)
     where not exists (select 1 from ui_region_mapping)
     on conflict do nothing`,
    [FALLBACK_PAIRS.map((p) => p.region), FALLBACK_PAIRS.map((p) => p.code)],
  );
  return r.rowCount;
}

/**
 * Applies one successful discovery in one transaction: new pairs are added, vanished ones deactivated (kept, with the
 * time), returning ones reactivated (counted). Only call it with pairs really read from the page, never the fallback.
 */
export async function applyDiscoveredMapping(
  db: Database,
  pairs: readonly RegionPair[],
  opts: { baseUrl: string; now?: Date },
): Promise<MappingChange> {
  const now = (opts.now ?? new Date()).toISOString();
  return db.transaction(async (tx) => {
    await seedFallbackMapping(tx);
    const params = [pairs.map((p) => p.region), pairs.map((p) => p.code), pairs.map((p) => p.name ?? null), now];
    const { rows: before } = await tx.query<{ region: string; country_state: string; active: boolean }>(
      'select region, country_state, active from ui_region_mapping',
    );
    const known = new Map(before.map((r) => [`${r.region}/${r.country_state}`, r.active]));
    const seen = new Set(pairs.map(pairId));
    const change: MappingChange = {
      added: pairs.map(pairId).filter((id) => !known.has(id)),
      reactivated: pairs.map(pairId).filter((id) => known.get(id) === false),
      deactivated: [...known].filter(([id, active]) => active && !seen.has(id)).map(([id]) => id),
      unchanged: 0,
    };
    await tx.query(
      `insert into ui_region_mapping as m (region, country_state, name, active, source, first_seen_at, last_seen_at, updated_at)
       select region, code, name, true, 'discovered', $4::timestamptz, $4::timestamptz, $4::timestamptz
       from unnest($1::text[], $2::text[], $3::text[]) as t(region, code, name)
       on conflict (region, country_state) do update set
         name = coalesce(excluded.name, m.name),
         last_seen_at = excluded.last_seen_at,
         active = true,
         reactivated_at = case when m.active then m.reactivated_at else excluded.last_seen_at end,
         times_reactivated = m.times_reactivated + case when m.active then 0 else 1 end,
         deactivated_at = case when m.active then m.deactivated_at else null end,
         updated_at = case when m.active and m.name is not distinct from coalesce(excluded.name, m.name)
                           then m.updated_at else excluded.updated_at end`,
      params,
    );
    await tx.query(
      `update ui_region_mapping m set active = false, deactivated_at = $3::timestamptz, updated_at = $3::timestamptz
       where m.active and not exists (
         select 1 from unnest($1::text[], $2::text[]) as t(region, code) where t.region = m.region and t.code = m.country_state)`,
      [params[0], params[1], now],
    );
    await tx.query(
      `insert into ui_region_mapping_refreshes (at, base_url, ok, discovered, added, deactivated, reactivated)
       values ($1::timestamptz, $2, true, $3, $4::jsonb, $5::jsonb, $6::jsonb)`,
      [now, opts.baseUrl, pairs.length, JSON.stringify(change.added), JSON.stringify(change.deactivated), JSON.stringify(change.reactivated)],
    );
    return { ...change, unchanged: pairs.length - change.added.length - change.reactivated.length };
  });
}

/** Records a refresh that could not discover anything (the mapping itself is left as it was). */
export async function recordFailedRefresh(db: SqlExecutor, baseUrl: string, problem: string, now = new Date()): Promise<void> {
  await db.query(`insert into ui_region_mapping_refreshes (at, base_url, ok, problem) values ($1::timestamptz, $2, false, $3)`, [
    now.toISOString(), baseUrl, problem,
  ]);
}

// Active distributors per pair, read from the stream's locations (absent until the first sync created the stream).
const COUNTS_SQL = `
  select loc->>'region' as region, loc->>'country_state' as country_state, count(distinct r.key)::int as n
  from records r join streams s on s.id = r.stream_id
  cross join lateral jsonb_array_elements(case when jsonb_typeof(r.data->'locations') = 'array' then r.data->'locations' else '[]'::jsonb end) loc
  where s.name = 'distributors' and s.connector = 'ui-distributor-locator' and r.status = 'active'
  group by 1, 2`;

export async function listMapping(
  db: SqlExecutor,
  filter: { region?: string; active?: boolean } = {},
): Promise<RegionMappingRow[]> {
  // A read never writes: before the first refresh stored anything, the static fallback is listed as it would be seeded.
  const { rows } = await db.query<RegionMappingRow>(
    `with counts as (${COUNTS_SQL}),
     mapping as (
       select region, country_state, name, active, source, first_seen_at, last_seen_at, deactivated_at, reactivated_at, times_reactivated
       from ui_region_mapping
       union all
       select region, code, null, true, 'fallback', now(), null, null, null, 0
       from unnest($3::text[], $4::text[]) as t(region, code)
       where not exists (select 1 from ui_region_mapping))
     select m.region, m.country_state, m.name, m.active, m.source, m.first_seen_at, m.last_seen_at, m.deactivated_at,
            m.reactivated_at, m.times_reactivated, coalesce(c.n, 0) as distributors
     from mapping m left join counts c on c.region = m.region and c.country_state = m.country_state
     where ($1::text is null or m.region = $1) and ($2::boolean is null or m.active = $2)
     order by m.region, m.country_state`,
    [filter.region ?? null, filter.active ?? null, FALLBACK_PAIRS.map((p) => p.region), FALLBACK_PAIRS.map((p) => p.code)],
  );
  return rows;
}

export interface MappingStats {
  readonly total: number;
  readonly active: number;
  readonly inactive: number;
  readonly discovered: number;
  readonly never_confirmed: number;
  readonly regions: { region: string; active: number; inactive: number; distributors: number; empty_active: number }[];
  readonly last_refresh: { at: Date; ok: boolean; discovered: number; problem: string | null } | null;
}

export async function mappingStats(db: SqlExecutor): Promise<MappingStats> {
  const rows = await listMapping(db);
  const byRegion = new Map<string, { region: string; active: number; inactive: number; distributors: number; empty_active: number }>();
  for (const r of rows) {
    const g = byRegion.get(r.region) ?? { region: r.region, active: 0, inactive: 0, distributors: 0, empty_active: 0 };
    if (r.active) g.active++;
    else g.inactive++;
    if (r.active && r.distributors === 0) g.empty_active++;
    byRegion.set(r.region, g);
  }
  const { rows: regionCounts } = await db.query<{ region: string; n: number }>(
    `select region, count(distinct key)::int as n from (
       select loc->>'region' as region, r.key from records r join streams s on s.id = r.stream_id
       cross join lateral jsonb_array_elements(case when jsonb_typeof(r.data->'locations') = 'array' then r.data->'locations' else '[]'::jsonb end) loc
       where s.name = 'distributors' and s.connector = 'ui-distributor-locator' and r.status = 'active') x
     group by region`,
  );
  for (const c of regionCounts) {
    const g = byRegion.get(c.region);
    if (g) g.distributors = c.n;
  }
  const { rows: last } = await db.query<{ at: Date; ok: boolean; discovered: number; problem: string | null }>(
    'select at, ok, discovered, problem from ui_region_mapping_refreshes order by id desc limit 1',
  );
  return {
    total: rows.length,
    active: rows.filter((r) => r.active).length,
    inactive: rows.filter((r) => !r.active).length,
    discovered: rows.filter((r) => r.source === 'discovered').length,
    never_confirmed: rows.filter((r) => r.last_seen_at === null).length,
    regions: [...byRegion.values()],
    last_refresh: last[0] ?? null,
  };
}
