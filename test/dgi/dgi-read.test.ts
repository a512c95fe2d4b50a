import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamDef } from '../../src/core/connector.js';
import { isSluiceError, SluiceError } from '../../src/core/errors.js';
import type { DgiConfig } from '../../src/connectors/dgi/dgi-config.js';
import { DGI_MODULES, dgiStreams } from '../../src/connectors/dgi/dgi-streams.js';
import { INITIAL_RECENT_DOCS } from '../../src/sandbox/dgi/dgi-sim-world.js';
import { foldState, readAll, records, startDgiHarness, type DgiHarness } from './dgi-harness.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
const streams = dgiStreams();
const stream = (name: string): StreamDef<DgiConfig> => {
  const s = streams.find((x) => x.name === name);
  if (!s) throw new Error(name);
  return s;
};
const moduleOf = (name: string): string => DGI_MODULES.find((m) => m.stream === name)!.endpoint.split('/')[0]!;
const idOf = (name: string): string => DGI_MODULES.find((m) => m.stream === name)!.idField;

/** Child keys per parent, as the pipeline would store them. */
function childKeys(s: StreamDef<DgiConfig>, recs: readonly Record<string, unknown>[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of recs) {
    for (const c of s.children ?? []) {
      const items = (r[c.path] ?? []) as Record<string, unknown>[];
      out.set(`${String(r[idOf(s.name)])}#${c.name}`, items.map((it, i) => c.key(it, i)));
    }
  }
  return out;
}

async function rejection(p: Promise<unknown>): Promise<SluiceError> {
  try {
    await p;
  } catch (err) {
    if (isSluiceError(err)) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('dgi connector against the DGI simulator', () => {
  let h: DgiHarness;
  beforeAll(async () => {
    h = await startDgiHarness();
  });
  afterAll(async () => h.close());

  it('declares 15 dgi_ streams keyed by dealer + document number, each nested array a child stream', () => {
    expect(streams.map((s) => s.name).sort()).toEqual(
      ['dgi_bast', 'dgi_doch', 'dgi_dphlo', 'dgi_inv1', 'dgi_inv2', 'dgi_leasing', 'dgi_mdinvh1', 'dgi_mdinvh3', 'dgi_parts_inbound',
        'dgi_pkb', 'dgi_prospect', 'dgi_prsl', 'dgi_spk', 'dgi_uinb', 'dgi_unpaidhlo'],
    );
    for (const s of streams) {
      expect(s.primaryKey).toEqual(['dealerId', idOf(s.name)]);
      expect(s.syncMode).toBe('incremental');
      for (const c of s.children ?? []) expect(c.name.startsWith(`${s.name}_`)).toBe(true);
    }
    expect(stream('dgi_pkb').children?.map((c) => [c.name, c.path])).toEqual([['dgi_pkb_services', 'services'], ['dgi_pkb_parts', 'parts']]);
    expect(streams.flatMap((s) => s.children ?? [])).toHaveLength(16);
  });

  it('reads every stream for one dealer: the expected documents, converted, no duplicates', async () => {
    const cfg = h.config(0);
    const visible = h.stats().visible[cfg.dealer_id]!;
    for (const s of streams) {
      const msgs = await readAll(s, h.ctx(cfg));
      expect(msgs.filter((m) => m.type !== 'record'), s.name).toEqual([]);
      const recs = records(msgs);
      expect(recs, s.name).toHaveLength(INITIAL_RECENT_DOCS);
      expect(recs.length, s.name).toBe(visible[moduleOf(s.name)]);
      expect(new Set(recs.map((r) => r[idOf(s.name)])).size, s.name).toBe(recs.length);
      for (const r of recs) {
        expect(r.dealerId).toBe('12284');
        expect(r.createdTime).toMatch(ISO);
        expect(r.modifiedTime).toMatch(ISO);
        expect(Date.parse(r.modifiedTime as string)).toBeGreaterThanOrEqual(Date.parse(r.createdTime as string));
      }
    }
    const pkb = records(await readAll(stream('dgi_pkb'), h.ctx(cfg)))[0]!;
    expect(pkb.tanggalServis).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(pkb.waktuPKB).toMatch(ISO);
    expect(typeof pkb.kmTerakhir).toBe('number');
    const services = pkb.services as Record<string, unknown>[];
    expect(typeof services[0]!.discServicePercentage).toBe('number');
    expect(services[0]!.createdTime).toMatch(ISO);
  });

  it('one key serves its whole dealer group; dealerId narrows it to one dealer', async () => {
    expect(h.creds[0]!.api_key).toBe(h.creds[1]!.api_key);
    const recs = records(await readAll(stream('dgi_spk'), h.ctx(h.config(1))));
    expect(recs).toHaveLength(INITIAL_RECENT_DOCS);
    expect(new Set(recs.map((r) => r.dealerId))).toEqual(new Set(['08138']));
    // A dealer outside the key's group is refused, with the server's message.
    const foreign = h.config(0, { dealer_id: '29437' });
    const err = await rejection(readAll(stream('dgi_spk'), h.ctx(foreign)));
    expect(err.code).toBe('upstream_rejected');
    expect(err.message).toMatch(/29437 Tidak Terdaftar/);
  });

  it('incremental: after the clock steps, the next run returns the new and the modified documents', async () => {
    const cfg = h.config(2, { overlap_minutes: 0 });
    const states = new Map<string, unknown>();
    const before = new Map<string, Map<string, Record<string, unknown>>>();
    for (const s of streams) {
      const recs = records(await readAll(s, h.ctx(cfg)));
      states.set(s.name, foldState(s, undefined, recs));
      before.set(s.name, new Map(recs.map((r) => [String(r[idOf(s.name)]), r])));
      expect((states.get(s.name) as { highWaterMark: string }).highWaterMark).toMatch(ISO);
    }
    h.sandbox.clock.advance();
    const changes = h.stats().lastChanges.filter((c) => c.dealerId === cfg.dealer_id);
    expect(changes).toHaveLength(30); // one new and one modified document per endpoint
    for (const s of streams) {
      const recs = records(await readAll(s, h.ctx(cfg, { state: states.get(s.name) })));
      const ids = new Set(recs.map((r) => String(r[idOf(s.name)])));
      const mine = changes.filter((c) => c.module === moduleOf(s.name));
      const created = mine.find((c) => c.kind === 'created')!;
      const modified = mine.find((c) => c.kind === 'modified')!;
      expect(ids.has(created.id), `${s.name} new`).toBe(true);
      expect(ids.has(modified.id), `${s.name} modified`).toBe(true);
      expect(before.get(s.name)!.has(created.id)).toBe(false);
      // Only the changed documents and the boundary document(s) at the old mark come back.
      const mark = (states.get(s.name) as { highWaterMark: string }).highWaterMark;
      for (const r of recs) {
        const id = String(r[idOf(s.name)]);
        if (id !== created.id && id !== modified.id) expect([r.createdTime, r.modifiedTime]).toContain(mark);
      }
      const old = before.get(s.name)!.get(modified.id);
      const now = recs.find((r) => String(r[idOf(s.name)]) === modified.id)!;
      if (old) expect(now.modifiedTime).not.toBe(old.modifiedTime);
      const next = foldState(s, states.get(s.name), recs) as { highWaterMark: string };
      expect(Date.parse(next.highWaterMark)).toBeGreaterThan(Date.parse(mark));
    }
  });

  it('child keys are stable across re-fetches and unique within each parent', async () => {
    const cfg = h.config(0);
    for (const s of streams.filter((x) => (x.children ?? []).length > 0)) {
      const a = childKeys(s, records(await readAll(s, h.ctx(cfg))));
      const b = childKeys(s, records(await readAll(s, h.ctx(cfg))));
      expect(b, s.name).toEqual(a);
      for (const [parent, keys] of a) expect(new Set(keys).size, parent).toBe(keys.length);
    }
    // After a step, documents that were not touched keep exactly their children's keys.
    const pkb = stream('dgi_pkb');
    const first = childKeys(pkb, records(await readAll(pkb, h.ctx(cfg))));
    h.sandbox.clock.advance();
    const touched = new Set(h.stats().lastChanges.filter((c) => c.dealerId === '12284' && c.module === 'pkb').map((c) => c.id));
    const second = childKeys(pkb, records(await readAll(pkb, h.ctx(cfg))));
    for (const [parent, keys] of first) {
      if (!touched.has(parent.split('#')[0]!) && second.has(parent)) expect(second.get(parent), parent).toEqual(keys);
    }
    const prospectUnits = stream('dgi_prospect').children![0]!;
    expect(prospectUnits.key({ kodeTipeUnit: 'HP5' }, 0)).toBe('HP5|0');
    expect(prospectUnits.key({ kodeTipeUnit: 'HP5' }, 1)).toBe('HP5|1');
    expect(stream('dgi_pkb').children![1]!.key({ idJob: 'BA082 ', partsNumber: '772A0KCJ660' }, 5)).toBe('BA082|772A0KCJ660');
  });

  it('refuses a skewed clock with the server’s message; check() names the skew', async () => {
    const cfg = h.config(0);
    const skewed = () => new Date(h.sandbox.clock.now().getTime() + 30_000);
    const err = await rejection(readAll(stream('dgi_leasing'), h.ctx(cfg, { now: skewed })));
    expect(err.code).toBe('upstream_rejected');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('Unix Timestamp Diluar Validasi Detik');
    expect(err.details).toMatchObject({ reason: 'clock_skew', serverMessage: 'Unix Timestamp Diluar Validasi Detik' });
    const check = await (await import('../../src/connectors/dgi/dgi.connector.js')).dgiConnector.check(cfg, h.ctx(cfg, { now: skewed }));
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^clock skew/);
    // 5 s off is inside the server's 10 s tolerance.
    const near = () => new Date(h.sandbox.clock.now().getTime() - 5_000);
    expect(records(await readAll(stream('dgi_leasing'), h.ctx(cfg, { now: near })))).toHaveLength(h.stats().visible['12284']!.lsng!);
  });

  it('surfaces status:0 (HTTP 200) as upstream_rejected with the server’s message', async () => {
    // An MD that allows 30-day windows is configured, but this one keeps the spec's 7 days.
    const cfg = h.config(0, { window_days: 30 });
    const err = await rejection(readAll(stream('dgi_prsl'), h.ctx(cfg)));
    expect(err.code).toBe('upstream_rejected');
    expect(err.message).toBe('DGI prsl/read refused the request (status 0): Melebihi Rentang Waktu Pengambilan Data , Max. 7 hari');
    expect(err.details).toMatchObject({ reason: 'window', dealerId: '12284' });
    const bad = await rejection(readAll(stream('dgi_prsl'), h.ctx(h.config(0, { secret_key: 'wrong' }))));
    expect(bad.message).toContain('Token Tidak Valid !!');
    expect(JSON.stringify(bad.details)).not.toContain('wrong');
  });

  it('recovers from a 503 by retrying with a fresh token', async () => {
    h.sandbox.faults.set({ prefix: 'dgi', kind: 'error', status: 503, count: 2, path: '/dgi-api/v1.3/inv1/read' });
    const before = h.stats().byModule.inv1 ?? 0;
    const recs = records(await readAll(stream('dgi_inv1'), h.ctx(h.config(2))));
    expect(recs.length).toBeGreaterThanOrEqual(INITIAL_RECENT_DOCS);
    expect(h.sandbox.faults.list()).toEqual([]);
    expect((h.stats().byModule.inv1 ?? 0) - before).toBeGreaterThanOrEqual(5);
  });
});

describe('DGI simulator clock steps', () => {
  it('a connector on the real clock still sees a sandbox whose clock moved ahead (the demo)', async () => {
    const h = await startDgiHarness();
    try {
      const s = stream('dgi_uinb');
      const cfg = h.config(0);
      const real = () => new Date();
      const first = records(await readAll(s, h.ctx(cfg, { now: real })));
      const state = foldState(s, undefined, first);
      h.sandbox.clock.advance(); // the MD's documents are now stamped up to an hour ahead of real time
      const created = h.stats().lastChanges.find((c) => c.dealerId === '12284' && c.module === 'uinb' && c.kind === 'created')!;
      const next = records(await readAll(s, h.ctx(cfg, { now: real, state })));
      expect(next.map((r) => r.noShippingList)).toContain(created.id);
      const after = foldState(s, state, next) as { highWaterMark: string };
      expect(Date.parse(after.highWaterMark)).toBeGreaterThan(Date.now()); // a mark ahead of our clock is fine
      expect(records(await readAll(s, h.ctx(cfg, { now: real, state: after }))).length).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('spreads a multi-step advance over the time it moves', async () => {
    const h = await startDgiHarness();
    try {
      const start = h.sandbox.clock.now().getTime();
      h.sandbox.clock.advance({ steps: 24 }); // one day, one step per hour
      const created = h.stats().lastChanges.filter((c) => c.kind === 'created' && c.dealerId === '12284' && c.module === 'pkb');
      expect(created).toHaveLength(24);
      const cfg = h.config(0);
      const recs = records(await readAll(stream('dgi_pkb'), h.ctx(cfg)));
      const times = recs.filter((r) => created.some((c) => c.id === r.noWorkOrder)).map((r) => Date.parse(r.createdTime as string));
      expect(times).toHaveLength(24);
      expect(Math.min(...times)).toBeLessThan(start + 2 * 3_600_000);
      expect(Math.max(...times)).toBeGreaterThan(start + 22 * 3_600_000);
      expect(new Set(times).size).toBe(24);
      expect(recs).toHaveLength(INITIAL_RECENT_DOCS + 24);
    } finally {
      await h.close();
    }
  });
});
