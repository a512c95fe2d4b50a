import { agentRecord, expandCompanyRow } from '../src/packs/agents/expand-members.js';
import { generateAgentData, type GeneratedAgentData } from '../src/packs/agents/generate-agent-data.js';
import { addToIndex, createBlockIndex, matchRecord } from '../src/resolve/match-record.js';
import { resolveRecords } from '../src/resolve/resolve-records.js';
import type { ResolvableRecord, ResolutionResult } from '../src/resolve/resolve-types.js';
import { agentRules } from '../src/resolve/rules/agent.rules.js';
import { ingestResolvableRecords } from '../src/resolve/store/resolution-record-store.js';
import { resolveEntities } from '../src/resolve/store/resolve-entities.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { GENERATORS, HELD_BACK_SEEDS, TUNING_SEEDS } from './resolve-eval/data-sets.js';
import { generateCompanySet } from './resolve-eval/company-generator.js';
import { evaluateCompanies } from './resolve-eval/evaluate-companies.js';
import { evaluateSet } from './resolve-eval/evaluate.js';

export interface ResolveBenchOptions {
  /** Occurrences per labelled evaluation set (default 6 000): every generator × every tuning seed. */
  readonly evalSize?: number;
  /** Also (or, with `only-held-back`, only) the held-back seeds: for final figures, never while tuning. */
  readonly heldBack?: boolean;
  readonly onlyHeldBack?: boolean;
  /** Only these generators (comma list: roster, crm, project). */
  readonly generators?: readonly string[];
  /** Learn Fellegi–Sunter weights by EM on each set and report them beside the tier scores (default on). */
  readonly calibrate?: boolean;
  /** List this many missed pairs / false merges per set (tuning seeds only). */
  readonly examples?: number;
  /** Member occurrences per size for the timing run on the project generator (default 20 000; 0 skips it). */
  readonly sizes?: readonly number[];
  readonly seed?: number;
  /** New records matched one by one against the resolved set, for latency. */
  readonly probes?: number;
  /** Also measure the database path (in-memory PGlite) at this size: load, resolve, then match new records one by one. */
  readonly dbSize?: number;
  readonly dbProbes?: number;
  /** Run the database path on this PostgreSQL server (in a throwaway database) instead of in-memory PGlite. */
  readonly dbUrl?: string;
  /** Companies per labelled company set for the `company` entity type (default 1 500; 0 skips it). */
  readonly companies?: number;
}

/** Company sets: tuning seeds and one held-back seed (the company generator was never tuned on). */
const COMPANY_SEEDS = [41, 42];
const COMPANY_HELD_BACK = [90_501];

function toRecords(data: GeneratedAgentData): ResolvableRecord[] {
  const at = '2026-11-01T00:00:00.000Z';
  const out: ResolvableRecord[] = [];
  for (const row of data.companyRows) out.push(...expandCompanyRow({ key: row.research_uuid!, data: row, observedAt: at }, 'US').records);
  for (const row of data.agentRows) out.push(...agentRecord({ key: row.supabase_uuid!, data: row, observedAt: at }, 'US').records);
  return out;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/** Pairwise precision / recall / F1 of the clusters against the generator's labels, plus merge-link precision. */
export function scoreClustering(result: ResolutionResult, truth: ReadonlyMap<string, string>) {
  let predicted = 0;
  let correct = 0;
  for (const c of result.clusters) {
    predicted += pairs(c.members.length);
    const byPerson = new Map<string, number>();
    for (const m of c.members) byPerson.set(truth.get(m) ?? m, (byPerson.get(truth.get(m) ?? m) ?? 0) + 1);
    for (const k of byPerson.values()) correct += pairs(k);
  }
  const perPerson = new Map<string, number>();
  for (const c of result.clusters) for (const m of c.members) perPerson.set(truth.get(m) ?? m, (perPerson.get(truth.get(m) ?? m) ?? 0) + 1);
  let actual = 0;
  for (const k of perPerson.values()) actual += pairs(k);
  const links = result.clusters.flatMap((c) => c.links);
  const goodLinks = links.filter((l) => truth.get(l.a) === truth.get(l.b)).length;
  const precision = predicted ? correct / predicted : 1;
  const recall = actual ? correct / actual : 1;
  const reviewTrue = result.review.filter((i) => truth.get(i.a) === truth.get(i.b)).length;
  return {
    pairwise_precision: round(precision),
    pairwise_recall: round(recall),
    f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
    auto_merge_precision: round(links.length ? goodLinks / links.length : 1),
    auto_merge_links: links.length,
    review_queue: result.review.length,
    review_true_match_share: round(result.review.length ? reviewTrue / result.review.length : 0),
    true_pairs: actual,
    predicted_pairs: predicted,
  };
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function runSize(n: number, seed: number, probes: number): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  const data = generateAgentData({ members: n, seed });
  const records = toRecords(data);
  const tGen = performance.now();
  const result = resolveRecords(records, [], agentRules);
  const tResolve = performance.now();
  const quality = scoreClustering(result, data.truth);
  // Single-record matching: index everything resolved, then match fresh records one at a time.
  const index = createBlockIndex();
  const entityOf = new Map<string, string>();
  result.clusters.forEach((c, i) => c.members.forEach((m) => entityOf.set(m, `e${i}`)));
  for (const r of records) addToIndex(index, r, entityOf.get(r.id)!);
  const tIndex = performance.now();
  const fresh = toRecords(generateAgentData({ members: probes, seed: seed + 1 }));
  // Probe inside existing teams: the new record is a variant of someone already resolved.
  const latencies: number[] = [];
  for (let i = 0; i < Math.min(probes, fresh.length); i++) {
    const base = records[(i * 7919) % records.length]!;
    const probe = { ...fresh[i]!, scope: base.scope, emails: i % 2 ? base.emails : fresh[i]!.emails, id: `probe:${i}` };
    const s = performance.now();
    matchRecord(index, probe, agentRules);
    latencies.push(performance.now() - s);
  }
  latencies.sort((a, b) => a - b);
  return {
    members: records.length,
    company_rows: data.companyRows.length,
    agent_rows: data.agentRows.length,
    entities: result.clusters.length,
    pairs_compared: result.pairsCompared,
    generate_ms: Math.round(tGen - t0),
    resolve_ms: Math.round(tResolve - tGen),
    index_ms: Math.round(tIndex - tResolve),
    match_one_p50_ms: round(percentile(latencies, 50), 3),
    match_one_p95_ms: round(percentile(latencies, 95), 3),
    match_one_max_ms: round(latencies[latencies.length - 1] ?? 0, 3),
    ...quality,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

/**
 * The database path: every record stored with its blocking keys and resolved, then new records arrive one at a time
 * and each is matched incrementally (store, find its neighbourhood through the block index, resolve, write).
 */
async function runDatabase(n: number, seed: number, probes: number, url?: string): Promise<Record<string, unknown>> {
  let drop = async () => {};
  let target: string | undefined;
  if (url) {
    const name = `sluice_bench_${Date.now().toString(36)}`;
    const admin = await openDatabase({ url, poolSize: 1 });
    await admin.exec(`create database ${name}`);
    await admin.close();
    const u = new URL(url);
    u.pathname = `/${name}`;
    target = u.toString();
    drop = async () => {
      const a = await openDatabase({ url, poolSize: 1 });
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    };
  }
  const db = await openDatabase(target ? { url: target, poolSize: 2 } : { memory: true });
  try {
    await migrate(db);
    const records = toRecords(generateAgentData({ members: n, seed }));
    const t0 = performance.now();
    await db.transaction((tx) => ingestResolvableRecords(tx, agentRules, ['company_info_raw', 'new_agents'], records));
    const tIngest = performance.now();
    const first = await resolveEntities(db, agentRules);
    const tResolve = performance.now();
    const fresh = toRecords(generateAgentData({ members: probes * 2, seed: seed + 1 }));
    const arrived: ResolvableRecord[] = [];
    const latencies: number[] = [];
    for (let i = 0; i < probes && i < fresh.length; i++) {
      const base = records[(i * 7919) % records.length]!;
      arrived.push({ ...fresh[i]!, source: 'probe', id: `probe:${i}`, scope: base.scope, emails: i % 2 ? base.emails : fresh[i]!.emails });
      const s = performance.now();
      await db.transaction((tx) => ingestResolvableRecords(tx, agentRules, ['probe'], arrived));
      await resolveEntities(db, agentRules);
      latencies.push(performance.now() - s);
    }
    latencies.sort((a, b) => a - b);
    return {
      database: db.kind,
      records: records.length, entities: first.records_processed - first.merged, ingest_ms: Math.round(tIngest - t0), resolve_ms: Math.round(tResolve - tIngest),
      members_per_s: Math.round(records.length / ((tResolve - t0) / 1000)), resolve_phases_ms: first.phases_ms,
      match_one_p50_ms: round(percentile(latencies, 50), 2), match_one_p95_ms: round(percentile(latencies, 95), 2),
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await db.close();
    await drop();
  }
}

/** Options as typed values, or as the strings `npm run bench -- resolve --sizes 100000,1000000 --db-size 20000` gives. */
function parseOptions(raw: ResolveBenchOptions | Record<string, string>): ResolveBenchOptions {
  const r = raw as Record<string, unknown>;
  const num = (v: unknown) => (v === undefined ? undefined : Number(v));
  const sizes = typeof r.sizes === 'string' ? r.sizes.split(',').map(Number) : (r.sizes as number[] | undefined);
  const o: Record<string, unknown> = {
    sizes, seed: num(r.seed), probes: num(r.probes), dbSize: num(r.dbSize ?? r['db-size']), dbProbes: num(r.dbProbes ?? r['db-probes']),
    dbUrl: r.dbUrl ?? r['db-url'], evalSize: num(r.evalSize ?? r['eval-size']),
    heldBack: r.heldBack === true || r['held-back'] === 'true' || undefined,
    onlyHeldBack: r.onlyHeldBack === true || r['only-held-back'] === 'true' || undefined,
    generators: typeof r.generators === 'string' ? r.generators.split(',') : r.generators,
    examples: num(r.examples), companies: num(r.companies), calibrate: r.calibrate === false || r.calibrate === 'false' ? false : undefined,
  };
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const TABLE_COLUMNS: readonly [string, (e: Record<string, unknown>) => unknown][] = [
  ['set', (e) => `${String(e.generator)}#${String(e.seed)}${e.held_back ? '*' : ''}`],
  ['records', (e) => e.records],
  ['block_rec', (e) => e.blocking_recall ?? '-'],
  ['pw_P', (e) => (e.auto as Record<string, number>).pairwise_precision],
  ['pw_R', (e) => (e.auto as Record<string, number>).pairwise_recall],
  ['pw_F1', (e) => (e.auto as Record<string, number>).pairwise_f1],
  ['b3_P', (e) => (e.auto as Record<string, number>).bcubed_precision],
  ['b3_R', (e) => (e.auto as Record<string, number>).bcubed_recall],
  ['b3_F1_auto', (e) => (e.auto as Record<string, number>).bcubed_f1],
  ['auto_P', (e) => e.auto_merge_precision],
  ['queue', (e) => e.review_queue],
  ['queue_%', (e) => e.review_queue_pct],
  ['asked_%', (e) => e.reviewed_total_pct],
  ['F1_after_review', (e) => (e.after_review as Record<string, number>).pairwise_f1],
  ['b3_F1_after', (e) => (e.after_review as Record<string, number>).bcubed_f1],
];

/** The per-set figures as a readable table (the JSON keeps everything, recall per corruption type included). */
export function evaluationTable(sets: readonly Record<string, unknown>[]): string {
  const rows = [TABLE_COLUMNS.map(([h]) => h), ...sets.map((e) => TABLE_COLUMNS.map(([, f]) => String(f(e))))];
  const w = TABLE_COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padStart(w[i]!)).join('  ')).join('\n');
}

/**
 * `npm run bench -- resolve [--eval-size 6000] [--held-back] [--sizes 20000] [--db-size 20000]`: the engine on every
 * labelled evaluation set (three generators × their tuning seeds; held-back seeds only when asked), then the timing
 * run (time, peak RSS, single-record match latency) on the project generator at each size, and the database path
 * when asked.
 */
export async function run(raw: ResolveBenchOptions | Record<string, string> = {}): Promise<Record<string, unknown>> {
  const opts = parseOptions(raw);
  const out: Record<string, unknown> = {};
  const evaluations: Record<string, unknown>[] = [];
  for (const g of GENERATORS) {
    if (opts.generators && !opts.generators.includes(g.name)) continue;
    const seeds = [
      ...(opts.onlyHeldBack ? [] : (TUNING_SEEDS[g.name] ?? []).map((s) => [s, false] as const)),
      ...(opts.heldBack || opts.onlyHeldBack ? (HELD_BACK_SEEDS[g.name] ?? []).map((s) => [s, true] as const) : []),
    ];
    for (const [seed, heldBack] of seeds) {
      const set = g.generate(opts.evalSize ?? 6_000, seed);
      const e: Record<string, unknown> = { ...evaluateSet(set, agentRules, { examples: heldBack ? 0 : opts.examples ?? 0, calibrate: opts.calibrate ?? true }), held_back: heldBack };
      evaluations.push(e);
      process.stderr.write(`${String(e.generator)}#${seed}${heldBack ? ' (held back)' : ''}: ${JSON.stringify({ auto: e.auto, after: e.after_review, queue_pct: e.review_queue_pct, asked_pct: e.reviewed_total_pct })}\n`);
    }
  }
  out.evaluation = evaluations;
  process.stderr.write(`\n${evaluationTable(evaluations)}\n(* held back)\n\n`);
  const companySets: Record<string, unknown>[] = [];
  if ((opts.companies ?? 1_500) > 0 && (!opts.generators || opts.generators.includes('companies'))) {
    const seeds = [...(opts.onlyHeldBack ? [] : COMPANY_SEEDS), ...(opts.heldBack || opts.onlyHeldBack ? COMPANY_HELD_BACK : [])];
    for (const seed of seeds) {
      const e: Record<string, unknown> = { ...evaluateCompanies(generateCompanySet(opts.companies ?? 1_500, seed)), held_back: COMPANY_HELD_BACK.includes(seed) };
      companySets.push(e);
      process.stderr.write(`companies#${seed}: ${JSON.stringify({ auto: e.auto, after: e.after_review, queue_pct: e.review_queue_pct })}\n`);
    }
    out.companies = companySets;
    process.stderr.write(`\n${evaluationTable(companySets)}\n\n`);
  }
  for (const n of opts.sizes ?? [20_000]) if (n > 0) out[String(n)] = await runSize(n, opts.seed ?? 7, opts.probes ?? 1_000);
  if (opts.dbSize) out[`database_${opts.dbSize}`] = await runDatabase(opts.dbSize, opts.seed ?? 7, opts.dbProbes ?? 50, opts.dbUrl);
  return out;
}
