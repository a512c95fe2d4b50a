import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/core/content-hash.js';
import { dropVolatilePaths, parseVolatileSetting, stableContent, volatileFieldsOf } from '../../src/core/volatile-fields.js';
import { classifyBatch, type IncomingRecord, type StoredVersion } from '../../src/pipeline/classify-batch.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createNinjaOneSimulator, type NinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const VOL = new Set(['lastContact']);
const inc = (key: string, data: Record<string, unknown>, rawHash: string | null = `raw-${JSON.stringify(data)}`): IncomingRecord => ({
  key, parentKey: null, data, hash: contentHash(stableContent(data, VOL)), rawHash,
});
const stored = (key: string, data: Record<string, unknown>, hash: string, raw: string | null = 'old'): StoredVersion => ({
  key, hash, raw_hash: raw, missed_runs: 0, status: 'active', data,
});

describe('volatile fields (pure)', () => {
  it('are read from the schema plus the connection setting', () => {
    const v = volatileFieldsOf({ fields: [{ name: 'a', type: 'string', volatile: true }, { name: 'b', type: 'string' }] }, ['c']);
    expect([...v].sort()).toEqual(['a', 'c']);
    expect(parseVolatileSetting('devices.x, alerts.y ,z', 'devices')).toEqual(['x', 'z']);
    expect(parseVolatileSetting('', 'devices')).toEqual([]);
  });

  it('leave the hash and the diff, nested paths included', () => {
    expect(contentHash(stableContent({ a: 1, lastContact: 'x' }, VOL))).toBe(contentHash(stableContent({ a: 1, lastContact: 'y' }, VOL)));
    const d = dropVolatilePaths({
      'lastContact': { op: 'changed', old: 1, new: 2 }, 'lastContact.x': { op: 'added', old: null, new: 1 },
      'lastContact[0]': { op: 'added', old: null, new: 1 }, 'a': { op: 'changed', old: 1, new: 2 }, 'lastContactor': { op: 'changed', old: 1, new: 2 },
    }, VOL);
    expect(Object.keys(d).sort()).toEqual(['a', 'lastContactor']);
  });

  it('a volatile-only change is unchanged and stored through touch; a real change reports only real fields', () => {
    const old = { id: 1, name: 'A', lastContact: '2026-01-01T00:00:00Z' };
    const h = contentHash(stableContent(old, VOL));
    const onlyVolatile = inc('1', { ...old, lastContact: '2026-01-01T01:00:00Z' });
    const both = inc('2', { id: 2, name: 'B2', lastContact: '2026-01-01T01:00:00Z' });
    const prev2 = { id: 2, name: 'B', lastContact: '2026-01-01T00:00:00Z' };
    const plan = classifyBatch([onlyVolatile, both], new Map([
      ['1', stored('1', old, h)],
      ['2', stored('2', prev2, contentHash(stableContent(prev2, VOL)))],
    ]), VOL);
    expect(plan.counts).toEqual({ created: 0, updated: 1, unchanged: 1, restored: 0 });
    expect(plan.touch).toEqual([{ key: '1', raw_hash: onlyVolatile.rawHash, data: onlyVolatile.data }]);
    expect(plan.changes).toEqual([{ key: '2', kind: 'updated', fields: { name: { op: 'changed', old: 'B', new: 'B2' } } }]);
  });

  it('a stored hash from before the field became volatile is replaced without a change row', () => {
    const old = { id: 1, lastContact: 'a' };
    const next = inc('1', { id: 1, lastContact: 'b' });
    const plan = classifyBatch([next], new Map([['1', stored('1', old, contentHash(old))]]), VOL);
    expect(plan.changes).toEqual([]);
    expect(plan.touch).toEqual([{ key: '1', raw_hash: next.rawHash, data: next.data, hash: next.hash }]);
    expect(plan.counts.unchanged).toBe(1);
  });

  it('without volatile fields nothing changes: an identical record is not rewritten', () => {
    const data = { id: 1 };
    const r = inc('1', data, 'same');
    const plan = classifyBatch([r], new Map([['1', stored('1', data, r.hash, 'same')]]));
    expect(plan.touch).toEqual([]);
    expect(plan.counts.unchanged).toBe(1);
  });
});

describeEachDatabase('NinjaOne check-ins are volatile', (kind) => {
  let sandbox: Sandbox;
  let sim: NinjaOneSimulator;
  let t: TestApp;
  beforeAll(async () => {
    sim = createNinjaOneSimulator();
    sandbox = await createSandbox({ seed: 42, simulators: [sim] });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  it('a re-sync after a clock step updates only devices whose non-check-in fields changed; check-ins are stored', async () => {
    await createConnection(t.app.db, t.app.secrets, {
      name: 'ninja', connector: 'ninjaone', config: { ...(sim.credentials() as object), base_url: sandbox.url('ninjaone') },
    });
    const now = () => sandbox.clock.now();
    const first = await runSync(t.app, { connection: 'ninja', streams: ['ninjaone_devices'], now });
    expect(first.streams.ninjaone_devices).toMatchObject({ created: 323 });
    const step = sandbox.clock.step;
    sandbox.clock.advance();
    const second = await runSync(t.app, { connection: 'ninja', streams: ['ninjaone_devices'], now });
    const log = sim.estate.changes(step).filter((c) => c.entity === 'device');
    const created = new Set(log.filter((c) => c.kind === 'created').map((c) => c.id));
    const removed = new Set(log.filter((c) => c.kind === 'removed').map((c) => c.id));
    const realUpdates = new Set(log.filter((c) => c.kind === 'updated' && c.field !== 'lastContact' && !created.has(c.id) && !removed.has(c.id)).map((c) => c.id));
    const checkIns = log.filter((c) => c.field === 'lastContact').length;
    expect(checkIns).toBeGreaterThan(250);
    expect(second.streams.ninjaone_devices!.updated).toBe(realUpdates.size);
    const { rows } = await t.app.db.query<{ fields: Record<string, unknown> }>(
      `select c.fields from changes c join streams s on s.id = c.stream_id where s.name = 'ninjaone_devices' and c.run_id = $1 and c.kind = 'updated'`,
      [second.run_id]);
    for (const r of rows) expect(Object.keys(r.fields).filter((p) => /^last(Contact|Update)/.test(p))).toEqual([]);
    const outbox = await t.app.db.query<{ n: number }>(
      `select count(*)::int as n from outbox o join streams s on s.id = o.stream_id where s.name = 'ninjaone_devices' and o.run_id = $1`, [second.run_id]);
    expect(outbox.rows[0]!.n).toBe(realUpdates.size + created.size + removed.size);
    // Stored and queryable: the typed view shows each online device's new check-in.
    const dev = sim.estate.devices().find((d) => !d.offline)!;
    const view = await t.app.db.query<{ last_contact: Date }>('select lastcontact as last_contact from data.ninjaone_devices where id = $1', [dev.id]);
    expect(new Date(view.rows[0]!.last_contact).getTime()).toBe(Math.round(dev.lastContact * 1000));
  });
});
