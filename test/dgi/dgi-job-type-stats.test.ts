import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRecordQuery } from '../../src/store/records-query.js';
import { exportRecords } from '../../src/store/record-export.js';
import { DGI_MODULES, dgiStreams } from '../../src/connectors/dgi/dgi-streams.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { DGI_JOB_TYPE_STATS, formatStatValue, type JobTypeStat } from '../../src/packs/dgi-dealers/job-type-stats.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { getStream } from '../../src/store/stream-registry.js';
import type { SqlExecutor } from '../../src/store/database.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const schemas = new Map<string, string[]>();
for (const s of dgiStreams()) {
  schemas.set(s.name, s.schema.fields.map((f) => f.name));
  for (const c of s.children ?? []) schemas.set(c.name, c.schema.fields.map((f) => f.name));
}
const fieldOf = (metric: string) => (metric.includes(':') ? metric.slice(metric.indexOf(':') + 1) : undefined);
const whereField = (w: string) => w.slice(0, w.indexOf(':'));

describe('DGI job-type statistics (declaration)', () => {
  it('covers all 15 job types, and every stat names real fields of its stream', () => {
    expect(DGI_JOB_TYPE_STATS.map((j) => j.jobType).sort()).toEqual(DGI_MODULES.map((m) => m.jobType).sort());
    for (const j of DGI_JOB_TYPE_STATS) {
      expect(DGI_MODULES.find((m) => m.jobType === j.jobType)!.stream).toBe(j.stream);
      expect(schemas.get(j.stream), j.jobType).toContain(j.dateField);
      for (const f of j.statusFields) expect(schemas.get(j.stream), `${j.jobType} status ${f}`).toContain(f);
      for (const s of j.stats) {
        const fields = schemas.get(s.stream);
        expect(fields, `${j.jobType}.${s.id}: stream ${s.stream}`).toBeDefined();
        expect(s.stream === j.stream || s.stream.startsWith(`${j.stream}_`), `${j.jobType}.${s.id}`).toBe(true);
        for (const f of [fieldOf(s.metric), ...(s.by ?? []), ...(s.where ?? []).map(whereField)].filter((x): x is string => x !== undefined)) {
          expect(fields, `${j.jobType}.${s.id}: field ${f}`).toContain(f);
        }
      }
    }
  });

  it('formats money as Rupiah in id-ID', () => {
    expect(formatStatValue(1250000, 'idr').replace(/\s/g, ' ')).toBe('Rp 1.250.000');
    expect(formatStatValue(12.5, 'number')).toBe('12,5');
    expect(formatStatValue(12345, 'integer')).toBe('12.345');
    expect(formatStatValue(null, 'idr')).toBe('–');
  });
});

/** Evaluates a stat over the filtered records (the records endpoint's own filter engine), grouped when it has `by`. */
async function evaluate(db: SqlExecutor, stat: JobTypeStat, extraWhere: string[]): Promise<Map<string, number | null>> {
  const s = await getStream(db, stat.stream);
  const q = buildRecordQuery({ streamId: s.id, fields: s.schema.fields, where: [...(stat.where ?? []), ...extraWhere], status: 'active', limit: 10_000_000 });
  const f = fieldOf(stat.metric);
  const op = stat.metric.split(':')[0]!;
  const num = `(q.data->>'${f}')::numeric`;
  const agg = op === 'count' ? 'count(*)' : op === 'count_distinct' ? `count(distinct q.data->>'${f}')` : `${op}(${num})`;
  const by = (stat.by ?? []).map((b) => `coalesce(q.data->>'${b}', '')`);
  const group = by.length ? `${by.join(` || '|' || `)}` : `''`;
  const { rows } = await db.query<{ g: string; v: string | null }>(`select ${group} as g, ${agg} as v from (${q.text}) q${by.length ? ' group by 1' : ''}`, q.params);
  return new Map(rows.map((r) => [r.g, r.v === null ? null : Number(r.v)]));
}

/** The same figure computed in plain code from the CSV the export endpoint writes for the same filters. */
async function fromExport(db: SqlExecutor, stat: JobTypeStat, extraWhere: string[]): Promise<{ values: Map<string, number | null>; rows: number; filled: number }> {
  const s = await getStream(db, stat.stream);
  let csv = '';
  for await (const chunk of exportRecords(db, { streamId: s.id, fields: s.schema.fields, where: [...(stat.where ?? []), ...extraWhere], status: 'active' }, 'csv', new AbortController().signal)) {
    csv += String(chunk);
  }
  const rows = parse<Record<string, string>>(csv, { columns: true });
  const f = fieldOf(stat.metric);
  const op = stat.metric.split(':')[0]!;
  const groups = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const g = (stat.by ?? []).map((b) => r[b] ?? '').join('|');
    groups.set(g, [...(groups.get(g) ?? []), r]);
  }
  const values = new Map<string, number | null>();
  for (const [g, rs] of groups) {
    const nums = rs.map((r) => r[f!] ?? '').filter((v) => v !== '').map(Number);
    const v = op === 'count' ? rs.length
      : op === 'count_distinct' ? new Set(rs.map((r) => r[f!]).filter((x) => x !== '')).size
      : nums.length === 0 ? null
      : op === 'sum' ? nums.reduce((a, b) => a + b, 0)
      : op === 'avg' ? nums.reduce((a, b) => a + b, 0) / nums.length
      : op === 'min' ? Math.min(...nums) : Math.max(...nums);
    values.set(g, v);
  }
  if (!stat.by?.length && !values.has('')) values.set('', op === 'count' || op === 'count_distinct' ? 0 : null);
  return { values, rows: rows.length, filled: f ? rows.filter((r) => (r[f] ?? '') !== '').length : rows.length };
}

describeEachDatabase('DGI job-type statistics against the simulator, through the database', (kind) => {
  let t: TestApp;
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 21, simulators: [sim] });
    await sandbox.listen(0);
    t = await createTestApp(kind);
    for (const i of [0, 2]) {
      const c = sim.credentials()[i]!;
      await createConnection(t.app.db, t.app.secrets, { name: `dealer-${c.dealer_id}`, connector: 'dgi', config: { ...c, base_url: sandbox.url('dgi'), requests_per_second: 100 } });
      const r = await runSync(t.app, { connection: `dealer-${c.dealer_id}`, now: () => sandbox.clock.now() });
      expect(r.status).toBe('succeeded');
    }
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('every job type: each stat equals the same figure computed from its exported rows, overall and per dealer', async () => {
    const approx = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? a ?? null : Math.round(a * 100) / 100);
    for (const j of DGI_JOB_TYPE_STATS) {
      for (const stat of j.stats) {
        const label = `${j.jobType}.${stat.id}`;
        const overall = await evaluate(t.app.db, stat, []);
        const expected = await fromExport(t.app.db, stat, []);
        // (a filtered count may be 0 in a young sandbox: no STNK handed over yet)
        if (!stat.where?.length) expect(expected.rows, `${label}: the simulator produced rows`).toBeGreaterThan(0);
        expect([...overall.keys()].sort(), label).toEqual([...expected.values.keys()].sort());
        for (const [g, v] of expected.values) expect(approx(overall.get(g), null) === null ? overall.get(g) ?? null : approx(overall.get(g), 0), `${label} [${g}]`).toBe(approx(v, 0));
        const f = fieldOf(stat.metric);
        if (f && stat.metric.startsWith('sum')) {
          // a figure made only of empty values would hide a wrong field name
          expect(expected.filled, `${label}: rows with a value for ${f}`).toBeGreaterThan(0);
          // per dealer: the dealer filter applies (child rows carry dealerId) and dealers add up to the total
          if (!stat.by?.length) {
            const a = (await evaluate(t.app.db, stat, ['dealerId:eq:12284'])).get('') ?? 0;
            const b = (await evaluate(t.app.db, stat, ['dealerId:eq:29437'])).get('') ?? 0;
            expect(a, `${label} dealer 12284`).toBe((await fromExport(t.app.db, stat, ['dealerId:eq:12284'])).values.get('') ?? 0);
            expect((await fromExport(t.app.db, stat, ['dealerId:eq:29437'])).rows, `${label}: dealer 29437 has rows`).toBeGreaterThan(0);
            expect(Math.round((a + b) * 100)).toBe(Math.round(overall.get('')! * 100));
          }
        }
      }
    }
  }, 600_000);
});
