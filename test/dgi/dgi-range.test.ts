import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dgiMarkAfterRange, planDgiRange } from '../../src/connectors/dgi/dgi-range.js';
import { DAY_MS } from '../../src/core/day-ms.js';
import { resolveReadRange } from '../../src/core/read-range.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const TZ = 'Asia/Jakarta';
const WEEK = 7 * DAY_MS;
const LOOKBACK = 30 * DAY_MS;
const iso = (d: Date) => d.toISOString();

describe('manual range: dates, windows and refusal (pure)', () => {
  it('reads YYYY-MM-DD as whole days in the source zone and clamps the end to now', () => {
    const r = resolveReadRange({ from: '2026-11-01', to: '2026-11-20' }, TZ, new Date('2026-11-25T00:00:00Z'));
    expect(iso(r.from)).toBe('2026-10-31T17:00:00.000Z'); // 00:00 WIB
    expect(iso(r.to)).toBe('2026-11-20T16:59:59.000Z'); // 23:59:59 WIB, inclusive
    const clamped = resolveReadRange({ from: '2026-11-01', to: '2026-12-31' }, TZ, new Date('2026-11-25T10:20:30.456Z'));
    expect(iso(clamped.to)).toBe('2026-11-25T10:20:30.000Z');
    expect(() => resolveReadRange({ from: '2026-11-20', to: '2026-11-01' }, TZ, new Date())).toThrow(/before --from/);
    expect(() => resolveReadRange({ from: '2026-02-30', to: '2026-03-01' }, TZ, new Date())).toThrow(/real calendar date/);
    expect(() => resolveReadRange({ from: '2026-11-01T10:00', to: '2026-11-02' }, TZ, new Date())).toThrow(/ISO 8601 instant with its offset/);
    expect(() => resolveReadRange({ from: '2099-01-01', to: '2099-01-02' }, TZ, new Date('2026-11-25T00:00:00Z'))).toThrow(/in the future/);
  });

  it('cuts 20 days into three windows of at most 7 days, across a month boundary, with no gap and no overlap', () => {
    const now = new Date('2026-12-20T05:00:00Z');
    const range = resolveReadRange({ from: '2026-11-21', to: '2026-12-10' }, TZ, now);
    const w = planDgiRange(range, { now, windowMs: WEEK, lookbackMs: LOOKBACK, timeZone: TZ });
    expect(w.map((x) => [iso(x.from), iso(x.to)])).toEqual([
      ['2026-11-20T17:00:00.000Z', '2026-11-27T16:59:59.000Z'],
      ['2026-11-27T17:00:00.000Z', '2026-12-04T16:59:59.000Z'], // crosses 30 Nov → 1 Dec
      ['2026-12-04T17:00:00.000Z', '2026-12-10T16:59:59.000Z'],
    ]);
    for (const x of w) expect(x.to.getTime() - x.from.getTime()).toBeLessThanOrEqual(WEEK);
    for (let i = 1; i < w.length; i++) expect(w[i]!.from.getTime() - w[i - 1]!.to.getTime()).toBe(1000);
  });

  it('cuts across the new year, and a shorter window setting makes more windows', () => {
    const now = new Date('2027-01-15T00:00:00Z');
    const range = resolveReadRange({ from: '2026-12-29', to: '2027-01-08' }, TZ, now);
    const w = planDgiRange(range, { now, windowMs: WEEK, lookbackMs: LOOKBACK, timeZone: TZ });
    expect(w.map((x) => [iso(x.from), iso(x.to)])).toEqual([
      ['2026-12-28T17:00:00.000Z', '2027-01-04T16:59:59.000Z'],
      ['2027-01-04T17:00:00.000Z', '2027-01-08T16:59:59.000Z'],
    ]);
    const daily = planDgiRange(range, { now, windowMs: 2 * DAY_MS, lookbackMs: LOOKBACK, timeZone: TZ });
    expect(daily).toHaveLength(6); // 11 days in 2-day windows
    expect(iso(daily[1]!.from)).toBe('2026-12-30T17:00:00.000Z'); // 31 Dec WIB
    expect(iso(daily[2]!.from)).toBe('2027-01-01T17:00:00.000Z'); // 2 Jan WIB
  });

  it('refuses a range older than 30 days, saying which part and from when it could start', () => {
    const now = new Date('2026-12-03T12:00:00Z'); // 19:00 WIB
    const partly = resolveReadRange({ from: '2026-11-01', to: '2026-11-20' }, TZ, now);
    let err: unknown;
    try {
      planDgiRange(partly, { now, windowMs: WEEK, lookbackMs: LOOKBACK, timeZone: TZ });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'range_refused' });
    const msg = (err as Error).message;
    expect(msg).toContain('the part 2026-11-01 00:00:00 – 2026-11-03 19:00:59 (Asia/Jakarta)');
    expect(msg).toContain('older than the 30 days the DGI API serves');
    expect(msg).toContain('use --from 2026-11-04 or later');
    const whole = resolveReadRange({ from: '2026-10-01', to: '2026-10-20' }, TZ, now);
    expect(() => planDgiRange(whole, { now, windowMs: WEEK, lookbackMs: LOOKBACK, timeZone: TZ })).toThrow(/the whole range 2026-10-01 00:00:00 – 2026-10-20 23:59:59/);
    const ok = resolveReadRange({ from: '2026-11-04', to: '2026-12-03' }, TZ, now);
    expect(planDgiRange(ok, { now, windowMs: WEEK, lookbackMs: LOOKBACK, timeZone: TZ })).toHaveLength(5);
  });

  it('moves the mark forward only over a contiguous range, never back, never past the range', () => {
    const range = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-10T00:00:00Z') };
    // no cursor yet: a range must not create one (the 30 days before it would be skipped)
    expect(dgiMarkAfterRange(undefined, range, '2026-11-09T00:00:00.000Z')).toBeUndefined();
    // range older than the mark: unchanged
    expect(dgiMarkAfterRange('2026-11-20T00:00:00.000Z', range, '2026-11-20T00:00:00.000Z')).toBe('2026-11-20T00:00:00.000Z');
    // range starting after the mark: a gap between them, unchanged
    expect(dgiMarkAfterRange('2026-10-20T00:00:00.000Z', range, '2026-11-09T00:00:00.000Z')).toBe('2026-10-20T00:00:00.000Z');
    // contiguous: forward to the newest record read…
    expect(dgiMarkAfterRange('2026-11-05T00:00:00.000Z', range, '2026-11-08T00:00:00.000Z')).toBe('2026-11-08T00:00:00.000Z');
    // …but never past the range's end (a record's later modifiedTime was not covered)
    expect(dgiMarkAfterRange('2026-11-05T00:00:00.000Z', range, '2026-11-15T00:00:00.000Z')).toBe('2026-11-10T00:00:00.000Z');
  });
});

describeEachDatabase('manual range runs against the DGI simulator', (kind) => {
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 5, simulators: [sim] });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
    const c = sim.credentials()[0]!;
    await createConnection(t.app.db, t.app.secrets, {
      name: 'dealer-a', connector: 'dgi', config: { ...c, base_url: sandbox.url('dgi'), requests_per_second: 100 },
    });
  });
  afterEach(async () => t.close());
  const now = () => sandbox.clock.now();
  const states = async () =>
    (await t.app.db.query<{ name: string; state: unknown }>(
      `select s.name, st.state from stream_state st join streams s on s.id = st.stream_id order by s.name`)).rows;
  const storedIds = async (stream: string, idField: string) =>
    (await t.app.db.query<{ id: string }>(
      `select r.data->>'${idField}' as id from records r join streams s on s.id = r.stream_id where s.name = $1 order by 1`, [stream])).rows.map((r) => r.id);
  const wibDate = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);

  it('fetches exactly what the simulator holds for the range, in ≤ 7-day windows, by job-type name, cursor untouched', async () => {
    const first = await runSync(t.app, { connection: 'dealer-a', streams: ['pkb', 'inv2_read'], now });
    expect(first.status).toBe('succeeded');
    const before = await states();
    expect(before.map((s) => s.name)).toEqual(['dgi_inv2', 'dgi_pkb']);

    const from = wibDate(new Date(now().getTime() - 22 * DAY_MS));
    const to = wibDate(new Date(now().getTime() - 3 * DAY_MS));
    await t.app.db.exec('delete from records');
    sim.reset();
    const r = await runSync(t.app, { connection: 'dealer-a', streams: ['pkb', 'inv2_read'], range: { from, to }, now });
    expect(r.status).toBe('succeeded');
    expect((sim.stats() as { byModule: Record<string, number> }).byModule).toEqual({ 'pkb': 3, 'inv2': 3 }); // 20 days → 3 windows each
    const range = resolveReadRange({ from, to }, TZ, now());
    const expected = (module: string) => [...new Set(sim.documentIds('12284', module, range.from, range.to))].sort();
    expect(expected('pkb').length).toBeGreaterThan(3);
    expect(await storedIds('dgi_pkb', 'noWorkOrder')).toEqual(expected('pkb'));
    expect(await storedIds('dgi_inv2', 'noWorkOrder')).toEqual(expected('inv2'));
    expect(await states()).toEqual(before); // the cursor did not move back
    const { rows } = await t.app.db.query<{ range_from: Date; range_to: Date }>('select range_from, range_to from runs where id = $1', [r.run_id]);
    expect(rows[0]!.range_from.toISOString()).toBe(range.from.toISOString());

    // A range run before any incremental run does not create a cursor (the next incremental still reads 30 days).
    await t.app.db.exec('delete from stream_state');
    await runSync(t.app, { connection: 'dealer-a', streams: ['dgi_pkb'], range: { from, to }, now });
    expect((await states()).map((s) => s.state)).toEqual([null]);
  });

  it('refuses a range older than 30 days before making any request, and unknown streams by name', async () => {
    sim.reset();
    const old = wibDate(new Date(now().getTime() - 40 * DAY_MS));
    await expect(runSync(t.app, { connection: 'dealer-a', streams: ['pkb'], range: { from: old, to: wibDate(now()) }, now }))
      .rejects.toMatchObject({ code: 'range_refused', message: expect.stringMatching(/older than the 30 days the DGI API serves/) });
    expect((sim.stats() as { requests: number }).requests).toBe(0);
    expect((await t.app.db.query('select 1 from runs')).rows).toHaveLength(0);
    await expect(runSync(t.app, { connection: 'dealer-a', streams: ['nope'], now })).rejects.toMatchObject({ code: 'stream_unknown' });
    await expect(runSync(t.app, { connection: 'dealer-a', range: { from: old, to: old }, full: true, now })).rejects.toMatchObject({ code: 'range_invalid' });
  });
});
