/**
 * msp-dashboards at the seed's capacity goal (issue #12): `npm run bench -- msp [--sites 500] [--devices 1000]
 * [--unifi-devices 2500] [--days 18] [--steps 3] [--seed 42]`. The simulators generate that scale from the seed
 * (core/seeded-random.ts): the same figures' inputs on every run. Installs the pack against the sandbox (UniFi, NinjaOne, Notion with
 * its rate limit off, so the figures are Sluice's own), measures the first full build (syncs, models, four Notion
 * databases, with `--days` daily-health back-fills to reach ~10,000 pages), then a steady cycle after `--steps` clock
 * steps of upstream churn: rows changed, Notion calls (must equal the rows changed) and the cycle's duration; for every cycle the requests each
 * upstream answered, against the published limits (UniFi 10,000/min, Notion ≈ 3/s). The Notion simulator runs
 * unthrottled, so `duration_s` excludes Notion's limit; `duration_at_notion_limit_s` is the same cycle with its push
 * phase stretched to calls / 3 s (computed from the call count), and `fits_5_min_cycle` says whether that fits in 5
 * minutes. `--db postgres` (with `--pg-url` or SLUICE_TEST_PG_URL) runs on a throwaway PostgreSQL database instead of
 * the embedded one; `--explain` writes each model's EXPLAIN ANALYZE plan beside the results (`model_sql_ms` always).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { installPack } from '../src/packs/install-pack.js';
import { MSP_MODELS } from '../src/packs/msp-dashboards/msp-models.js';
import { runPack, type PackRunSummary } from '../src/packs/run-pack.js';
import { createNinjaOneSimulator } from '../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../src/sandbox/sandbox-app.js';
import { createUnifiSimulator } from '../src/sandbox/unifi/unifi.simulator.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { freshPgDatabase } from './fresh-pg-database.js';

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));

type Traffic = Record<string, { requests: number }>;
const UPSTREAMS = ['unifi', 'ninjaone', 'notion'] as const;
/** Requests each simulator answered between two `sandbox.stats()` snapshots. */
const trafficDelta = (before: Traffic, after: Traffic) =>
  Object.fromEntries(UPSTREAMS.map((u) => [u, (after[u]?.requests ?? 0) - (before[u]?.requests ?? 0)])) as Record<(typeof UPSTREAMS)[number], number>;
/** Published limits (shared/upstreams): UniFi Site Manager v1 10,000 req/min; Notion ≈ 3 req/s per connection; NinjaOne publishes none. */
const UNIFI_PER_MIN = 10_000;
const NOTION_PER_S = 3;
const CYCLE_S = 300;

const secs = (ms: number) => Math.round(ms / 100) / 10;

function phases(run: PackRunSummary) {
  const by: Record<string, number> = {};
  for (const s of run.steps) by[s.kind] = (by[s.kind] ?? 0) + s.duration_ms;
  return Object.fromEntries(Object.entries(by).map(([k, v]) => [`${k}_s`, secs(v)]));
}

/** Each model's refresh (its SQL, transforms and the pipeline's diff and writes), in seconds. */
function modelTimes(run: PackRunSummary) {
  return Object.fromEntries(run.steps.filter((s) => s.kind === 'model').map((s) => [s.name, secs(s.duration_ms)]));
}

function summarise(run: PackRunSummary) {
  const changed: Record<string, number> = {};
  let notionCalls = 0;
  let pushed = 0;
  for (const s of run.steps) {
    if (s.kind === 'model') {
      const c = (s.counts as Record<string, Record<string, number>> | undefined)?.[s.name];
      if (c) changed[s.name] = (c.created ?? 0) + (c.updated ?? 0) + (c.removed ?? 0) + (c.restored ?? 0);
    }
    if (s.kind === 'push') {
      const c = s.counts as { calls?: number; pushed?: number } | undefined;
      notionCalls += c?.calls ?? 0;
      pushed += c?.pushed ?? 0;
    }
  }
  return {
    status: run.status, duration_s: secs(run.duration_ms), phases: phases(run), model_s: modelTimes(run), rows_changed: changed,
    notion_pages_written: pushed, notion_calls: notionCalls, at_3_per_s_s: Math.round((notionCalls / NOTION_PER_S) * 10) / 10,
  };
}

/** One cycle with its upstream traffic, set against the published limits and the 5-minute cycle. */
async function cycle(sandbox: Sandbox, fn: () => Promise<PackRunSummary>) {
  const before = sandbox.stats() as Traffic;
  const run = await fn();
  const calls = trafficDelta(before, sandbox.stats());
  const s = summarise(run);
  const pushS = run.steps.filter((x) => x.kind === 'push').reduce((n, x) => n + x.duration_ms, 0) / 1000;
  return {
    ...s,
    upstream_calls: calls,
    unifi_share_of_limit_pct: Math.round((calls.unifi / (UNIFI_PER_MIN * (CYCLE_S / 60))) * 10_000) / 100,
    notion_time_at_limit_s: Math.round((calls.notion / NOTION_PER_S) * 10) / 10,
    // The simulator answers unthrottled: at Notion's 3 requests/s the push phase would take at least calls / 3 s, the
    // rest of the cycle as measured.
    duration_at_notion_limit_s: Math.round((s.duration_s - pushS + Math.max(pushS, calls.notion / NOTION_PER_S)) * 10) / 10,
    fits_5_min_cycle: s.duration_s - pushS + Math.max(pushS, calls.notion / NOTION_PER_S) <= CYCLE_S,
  };
}

/**
 * Each model's SQL under EXPLAIN ANALYZE as the refresh runs it (rows as JSON): its execution time in ms; with
 * `planFile`, the text plans are written there (JSON: model → plan lines).
 */
async function explainModels(db: Database, planFile: string | undefined): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const plans: Record<string, string[]> = {};
  for (const m of MSP_MODELS) {
    const sql = `select to_jsonb(m) as row from (${m.sql}\n) m`;
    const { rows } = await db.query<{ 'QUERY PLAN': unknown }>(`explain (analyze, format json) ${sql}`);
    const raw = rows[0]?.['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ 'Execution Time': number }];
    out[m.name] = Math.round(plan[0]['Execution Time']);
    if (planFile) {
      const { rows: lines } = await db.query<{ 'QUERY PLAN': string }>(`explain (analyze) ${sql}`);
      plans[m.name] = lines.map((l) => l['QUERY PLAN']);
    }
  }
  if (planFile) writeFileSync(planFile, `${JSON.stringify(plans, null, 2)}\n`);
  return out;
}

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const sites = num(opts.sites, 500);
  const devices = num(opts.devices, 1000);
  const unifiDevices = num(opts['unifi-devices'], sites * 5);
  const days = num(opts.days, 18);
  // Hour-long clock steps of upstream change before the churn cycle; 3 at full scale give ≈ 5 % of the pages changed.
  const steps = num(opts.steps, 3);
  const seed = num(opts.seed, 42);
  // --db postgres (with --pg-url or SLUICE_TEST_PG_URL: a throwaway database there) or the embedded database.
  const kind = opts.db ?? 'pglite';
  const pgBase = opts['pg-url'] ?? process.env.SLUICE_TEST_PG_URL;
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error('--db is pglite or postgres');
  if (kind === 'postgres' && !pgBase) throw new Error('--db postgres needs --pg-url or SLUICE_TEST_PG_URL');
  // --explain: the models' query plans (EXPLAIN ANALYZE) are written beside the results.
  const planFile = opts.explain === undefined ? undefined : join(import.meta.dirname, 'results', `msp-plans-${kind}-${Date.now()}.json`);
  if (planFile) mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-msp-'));
  const notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
  const sandbox = await createSandbox({
    seed,
    simulators: [createUnifiSimulator({ sites, devices: unifiDevices }), createNinjaOneSimulator({ devices, organizations: Math.round(sites * 0.73) }), notion],
  });
  await sandbox.listen(0);
  const pg = kind === 'postgres' ? await freshPgDatabase(pgBase!, 'msp_bench') : undefined;
  const db = await openDatabase(pg ? { url: pg.url } : { dataDir: join(dir, 'db') });
  await migrate(db);
  const app = await createAppContext(loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent' }), { db, logger: pino({ level: 'silent' }) });
  const now = () => sandbox.clock.now();
  try {
    const base = sandbox.url('notion').replace(/\/notion$/, '');
    await installPack(app, 'msp-dashboards', { sandbox: { url: base, credentials: sandbox.credentials() } });
    const t0 = performance.now();
    const first = await cycle(sandbox, () => runPack(app, 'msp-dashboards', { now }));
    const backfill: PackRunSummary[] = [];
    const today = new Date(now().getTime()).toISOString().slice(0, 10);
    for (let d = 1; d <= days; d++) {
      const date = new Date(Date.parse(`${today}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);
      backfill.push(await runPack(app, 'msp-dashboards', { now, params: { health_date: date } }));
    }
    const buildS = (performance.now() - t0) / 1000;
    const pages = [...notion.store.pages.values()].filter((p) => p.dataSourceId).length;
    const backfillCalls = backfill.reduce((n, r) => n + summarise(r).notion_calls, 0);
    const buildPushS = [first.phases.push_s ?? 0, ...backfill.map((r) => phases(r).push_s ?? 0)].reduce((a, b) => a + b, 0);
    const buildCalls = first.upstream_calls.notion + backfillCalls;
    const modelSqlMs = await explainModels(db, planFile);
    const quiet = await cycle(sandbox, () => runPack(app, 'msp-dashboards', { now }));
    sandbox.clock.advance({ steps });
    const churn = await cycle(sandbox, () => runPack(app, 'msp-dashboards', { now }));
    const churnRows = Object.values(churn.rows_changed).reduce((a, b) => a + b, 0);
    const reviewQueue = Number((await db.query<{ n: number }>("select count(*)::int as n from resolution_reviews where entity_type = 'msp_customer' and status = 'open'")).rows[0]?.n ?? 0);
    const links = (await db.query<{ match_status: string; n: number }>('select match_status, count(*)::int as n from data.msp_customer_links group by 1 order by 1')).rows;
    return {
      database: kind,
      scale: { seed, sites, unifi_devices: unifiDevices, ninjaone_devices: devices, ninjaone_organizations: Math.round(sites * 0.73), health_days: days + 1 },
      limits: { unifi_req_per_min: UNIFI_PER_MIN, notion_req_per_s: NOTION_PER_S, ninjaone: 'none published (429 honoured)', cycle_s: CYCLE_S },
      customers: { ...Object.fromEntries(links.map((l) => [l.match_status, l.n])), open_review_items: reviewQueue },
      first_build: {
        first_cycle: first, backfill_runs: backfill.length, backfill_notion_calls: backfillCalls, total_s: Math.round(buildS * 10) / 10,
        notion_pages: pages, at_3_per_s_min: Math.round(pages / NOTION_PER_S / 6) / 10,
        duration_at_notion_limit_min: Math.round(((buildS - buildPushS + Math.max(buildPushS, buildCalls / NOTION_PER_S)) / 60) * 10) / 10,
      },
      model_sql_ms: modelSqlMs,
      ...(planFile ? { plans: planFile } : {}),
      quiet_cycle: quiet,
      churn_cycle: { ...churn, clock_steps: steps, rows_changed_total: churnRows, churn_share_pct: Math.round((churnRows / Math.max(1, pages)) * 1000) / 10 },
    };
  } finally {
    await app.close();
    await sandbox.close();
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
