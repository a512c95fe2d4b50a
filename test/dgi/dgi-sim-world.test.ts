import { describe, expect, it } from 'vitest';
import { SIM_DEALERS } from '../../src/sandbox/dgi/dgi-sim-dealers.js';
import { DgiWorld, INITIAL_RECENT_DOCS, serialiseDoc } from '../../src/sandbox/dgi/dgi-sim-world.js';
import { DGI_SIM_MODULES } from '../../src/sandbox/dgi/dgi.simulator.js';

const START = Date.parse('2026-11-23T03:00:00Z');
import { DAY_MS as DAY } from '../../src/core/day-ms.js';

function snapshot(world: DgiWorld, now: number): string {
  return JSON.stringify(
    SIM_DEALERS.flatMap((d) => DGI_SIM_MODULES.flatMap((m) => world.query([d.dealerId], m.module, now - 60 * DAY, now).map((doc) => serialiseDoc(doc, d.dealerId)))),
  );
}

describe('DGI simulated world', () => {
  it('is a function of the seed and the steps', () => {
    const a = new DgiWorld(42, SIM_DEALERS, DGI_SIM_MODULES, START);
    const b = new DgiWorld(42, SIM_DEALERS, DGI_SIM_MODULES, START);
    const c = new DgiWorld(43, SIM_DEALERS, DGI_SIM_MODULES, START);
    expect(snapshot(a, START)).toBe(snapshot(b, START));
    expect(snapshot(a, START)).not.toBe(snapshot(c, START));
    for (const w of [a, b]) {
      w.enqueue(1);
      w.enqueue(2);
      w.catchUp(START + 2 * 3_600_000);
    }
    expect(snapshot(a, START + 2 * 3_600_000)).toBe(snapshot(b, START + 2 * 3_600_000));
    expect(a.lastChanges(START + 2 * 3_600_000)).toHaveLength(2 * SIM_DEALERS.length * DGI_SIM_MODULES.length * 2);
  });

  it('keeps document numbers unique per dealer and endpoint, references within the dealer, times in order', () => {
    const w = new DgiWorld(42, SIM_DEALERS, DGI_SIM_MODULES, START);
    for (let s = 1; s <= 48; s += 1) w.enqueue(s);
    w.catchUp(START + 2 * DAY);
    const now = START + 2 * DAY;
    // One new document per hour, spread over the two days; the seeded month before stays as it was.
    const fresh = w.query(['12284'], 'pkb', START + 1, now).filter((x) => x.createdAt > START);
    expect(fresh).toHaveLength(48);
    expect(new Set(fresh.map((x) => Math.floor((x.createdAt - START) / 3_600_000))).size).toBe(48);
    expect(w.query(['12284'], 'pkb', START - 30 * DAY, START).filter((x) => x.createdAt <= START)).toHaveLength(INITIAL_RECENT_DOCS);
    for (const d of SIM_DEALERS) {
      for (const m of DGI_SIM_MODULES) {
        const docs = w.query([d.dealerId], m.module, now - 60 * DAY, now);
        expect(new Set(docs.map((x) => x.id)).size, `${d.dealerId} ${m.module}`).toBe(docs.length);
        for (const doc of docs) {
          expect(doc.modifiedAt).toBeGreaterThanOrEqual(doc.createdAt);
          expect(doc.modifiedAt).toBeLessThanOrEqual(now);
          for (const items of Object.values(doc.arrays)) for (const i of items) expect(i.modifiedAt).toBeGreaterThanOrEqual(i.createdAt);
        }
      }
      // Invoices (NJB/NSC) point at this dealer's own work orders, one invoice per work order.
      const wos = new Set(w.query([d.dealerId], 'pkb', now - 60 * DAY, now).map((x) => x.id));
      const invoiced = w.query([d.dealerId], 'inv2', now - 60 * DAY, now).map((x) => String(x.fields.noWorkOrder));
      expect(invoiced.filter((x) => wos.has(x)).length).toBeGreaterThan(invoiced.length / 2);
      expect(invoiced.every((x) => x.includes(`/${d.dealerId}/`))).toBe(true);
    }
  });
});
