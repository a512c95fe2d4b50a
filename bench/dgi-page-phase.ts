/**
 * The dgi benchmark's page phase: a FIXTURE of generated workshop invoices (and NJB / NSC lines) bulk-inserted with one
 * SQL statement per batch straight into `records` — not through the pipeline, so it measures reading, not syncing —
 * cloned from rows a real sync of the simulator wrote (same fields and formats), spread over `dealers` dealer ids and
 * `days` days. The pack's rollups are kept up by the database's triggers during the insert, as they are during syncs.
 *
 * Then the workshop-invoice page and the home page, evaluated as the API does, for several filters: p50 / p95 of the
 * whole page (page of 50 + every statistic + filter options). Yardstick in the same run: the very statements the page
 * ran, replayed bare on the same connection pool (no evaluation code around them). Context, measured once: the same
 * page with the rollups hidden from the planner (statistics over the records, with the indexes) — what it cost before.
 */
import { performance } from 'node:perf_hooks';
import { evaluateDashboard } from '../src/dashboards/evaluate-dashboard.js';
import type { Database, SqlExecutor } from '../src/store/database.js';

const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export interface PageFixture {
  readonly invoices: number;
  readonly njb_lines: number;
  readonly nsc_lines: number;
  readonly rows_total: number;
  readonly insert_s: number;
  readonly rows_per_s: number;
}

/** Inserts `invoices` generated invoices (one NJB line for every 5th, one NSC line for the next) in batches. */
export async function generatePageFixture(db: Database, opts: { invoices: number; dealers: number; days: number; anchor: string }): Promise<PageFixture> {
  const ids = new Map<string, number>();
  for (const name of ['dgi_inv2', 'dgi_inv2_njb', 'dgi_inv2_nsc']) {
    const { rows } = await db.query<{ id: number; n: string }>(`select s.id, (select count(*) from records r where r.stream_id = s.id) as n from streams s where s.name = $1`, [name]);
    if (!rows[0] || Number(rows[0].n) === 0) throw new Error(`${name} has no synced rows to clone: the simulator sync must run first`);
    ids.set(name, rows[0].id);
  }
  const inv = ids.get('dgi_inv2')!;
  const dealerOf = `'FX' || lpad((g % ${opts.dealers})::text, 5, '0')`;
  const dayOf = `to_char($3::date - ((g / ${opts.dealers}) % ${opts.days})::int, 'YYYY-MM-DD')`;
  const template = (sid: number) => `(select connection_id, data from records where stream_id = ${sid} and key not like 'FX%' order by key limit 1)`;
  const t0 = performance.now();
  const batch = 250_000;
  for (let a = 1; a <= opts.invoices; a += batch) {
    const b = Math.min(opts.invoices, a + batch - 1);
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into records (stream_id, key, connection_id, data, hash, status)
         select ${inv}, ${dealerOf} || '|FXWO' || g, t.connection_id,
                t.data || jsonb_build_object('dealerId', ${dealerOf}, 'noWorkOrder', 'FXWO' || g, 'noNJB', 'FXNJB' || g, 'noNSC', 'FXNSC' || g,
                  'tanggalNJB', ${dayOf} || substr(t.data->>'tanggalNJB', 11),
                  'totalHargaNJB', 50000 + (g * 7919) % 450000, 'totalHargaNSC', (g * 104729) % 900000),
                md5(g::text), 'active'
           from generate_series($1::bigint, $2::bigint) g, ${template(inv)} t`,
        [a, b, opts.anchor],
      );
      for (const [name, rem, amounts] of [
        ['dgi_inv2_njb', 0, `'totalHargaServis', 50000 + (g * 7919) % 450000`],
        ['dgi_inv2_nsc', 1, `'totalHargaParts', (g * 104729) % 900000, 'discPartsAmount', (g * 31) % 20000`],
      ] as const) {
        const sid = ids.get(name)!;
        await tx.query(
          `insert into records (stream_id, key, connection_id, parent_key, data, hash, status)
           select ${sid}, ${dealerOf} || '|FXWO' || g || '|J1', t.connection_id, ${dealerOf} || '|FXWO' || g,
                  t.data || jsonb_build_object('dealerId', ${dealerOf}, 'createdTime', ${dayOf} || substr(coalesce(t.data->>'createdTime', 'T00:00:00Z'), 11), ${amounts}),
                  md5(g::text || '${name}'), 'active'
             from generate_series($1::bigint, $2::bigint) g, ${template(sid)} t
            where g % 5 = ${rem}`,
          [a, b, opts.anchor],
        );
      }
    });
    process.stderr.write(`  fixture: ${b.toLocaleString('en')} / ${opts.invoices.toLocaleString('en')} invoices\n`);
  }
  const seconds = (performance.now() - t0) / 1000;
  await db.exec('analyze records');
  await db.exec('analyze stream_rollup_groups');
  const count = async (sid: number) => Number((await db.query<{ n: string }>(`select count(*) as n from records where stream_id = ${sid}`)).rows[0]?.n ?? 0);
  const invoices = await count(inv);
  const njb = await count(ids.get('dgi_inv2_njb')!);
  const nsc = await count(ids.get('dgi_inv2_nsc')!);
  const added = invoices + njb + nsc;
  return { invoices, njb_lines: njb, nsc_lines: nsc, rows_total: added, insert_s: round(seconds), rows_per_s: Math.round(added / seconds) };
}

/** Records every statement a page runs, to replay them bare. */
function recording(db: SqlExecutor, log: [string, readonly unknown[]][], hideRollups = false): SqlExecutor {
  return {
    query: async <R,>(text: string, params: readonly unknown[] = []) => {
      log.push([text, params]);
      // Hidden rollups: the planner finds none and runs the statistics over the records.
      if (hideRollups && text.includes('from stream_rollups')) return { rows: [] as R[], rowCount: 0 };
      return db.query<R>(text, params);
    },
  };
}

/** EXPLAIN ANALYZE of each statement: the `top` slowest with their execution time and plan nodes (what to index next). */
async function explainSlowest(db: Database, log: readonly [string, readonly unknown[]][], top: number): Promise<unknown[]> {
  const plans: { ms: number; sql: string; nodes: string }[] = [];
  for (const [text, params] of log) {
    if (!/^\s*select/i.test(text)) continue;
    const { rows } = await db.query<{ 'QUERY PLAN': [{ 'Execution Time': number; Plan: PlanNode }] }>(`explain (analyze, format json) ${text}`, params);
    const plan = rows[0]?.['QUERY PLAN'][0];
    if (!plan) continue;
    const nodes: string[] = [];
    const walk = (n: PlanNode) => {
      nodes.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''} (${n['Actual Rows']} rows)`);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan.Plan);
    plans.push({ ms: round(plan['Execution Time']), sql: text.replace(/\s+/g, ' ').slice(0, 140), nodes: nodes.slice(0, 6).join(' > ') });
  }
  return plans.sort((a, b) => b.ms - a.ms).slice(0, top);
}

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Relation Name'?: string; 'Actual Rows': number; Plans?: PlanNode[] }

export async function measurePages(db: Database, opts: { dealer: string; from: string; to: string; runs: number; explain?: boolean }): Promise<Record<string, unknown>> {
  const cases: [string, string, Record<string, string>][] = [
    ['inv2 no filter', 'dgi-dealers-inv2-read', {}],
    ['inv2 dealer', 'dgi-dealers-inv2-read', { dealer: opts.dealer }],
    ['inv2 dealer + 7 days', 'dgi-dealers-inv2-read', { dealer: opts.dealer, from: opts.from, to: opts.to }],
    ['inv2 7 days', 'dgi-dealers-inv2-read', { from: opts.from, to: opts.to }],
    ['inv2 dealer + search', 'dgi-dealers-inv2-read', { dealer: opts.dealer, search: 'FXWO12' }],
    ['home no filter', 'dgi-dealers', {}],
    ['home dealer + 7 days', 'dgi-dealers', { dealer: opts.dealer, from: opts.from, to: opts.to }],
  ];
  const out: Record<string, unknown> = {};
  for (const [label, pageId, filters] of cases) {
    const evalOnce = async (hide = false) => {
      const log: [string, readonly unknown[]][] = [];
      const t = performance.now();
      const d = await evaluateDashboard(recording(db, log, hide), pageId, { filters });
      const ms = performance.now() - t;
      const errors = d.widgets.filter((w) => w.error).map((w) => `${w.id}: ${w.error?.message ?? ''}`);
      if (errors.length) throw new Error(`${label}: page errors: ${errors.join('; ')}`);
      const table = d.widgets.find((w) => w.id === 'records');
      return { ms, log, rows: table && 'data' in table && 'rows' in table.data ? table.data.rows.length : null };
    };
    const first = await evalOnce(); // warm
    const page: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      page.push((await evalOnce()).ms);
      const t = performance.now();
      for (const [text, params] of first.log) await db.query(text, params);
      bare.push(performance.now() - t);
    }
    page.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    out[label] = {
      statements: first.log.length,
      table_rows: first.rows,
      page_ms: { p50: round(pct(page, 50)), p95: round(pct(page, 95)) },
      yardstick_bare_statements_ms: { p50: round(pct(bare, 50)), p95: round(pct(bare, 95)) },
      ratio_page_vs_bare: round(pct(page, 50) / pct(bare, 50), 2),
      target_ms: 300,
    };
    process.stderr.write(`  ${label}: ${JSON.stringify(out[label])}\n`);
    if (opts.explain) (out[label] as Record<string, unknown>).slowest_statements = await explainSlowest(db, first.log, 4);
  }
  // Context (once each): the statistics over the records, rollups hidden, indexes kept.
  for (const [label, filters] of [['inv2 no filter', {}], ['inv2 dealer + 7 days', { dealer: opts.dealer, from: opts.from, to: opts.to }]] as const) {
    const t = performance.now();
    await evaluateDashboard(recording(db, [], true), 'dgi-dealers-inv2-read', { filters });
    out[`before: ${label}, statistics over the records (rollups hidden)`] = { page_ms: round(performance.now() - t) };
  }
  return out;
}
