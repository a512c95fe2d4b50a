import type { SimDealer } from './dgi-sim-dealers.js';
import { SimRandom } from './dgi-sim-random.js';
import { simDateTime, simYyMm, startOfWibDay } from './dgi-sim-time.js';
import type { GenContext, SimDoc, SimItem, SimModule } from './dgi-sim-types.js';
import { DAY_MS } from '../../core/day-ms.js';

/** Documents per dealer and endpoint created in the 30 days before the sandbox starts (+2 older, beyond the API's reach). */
export const INITIAL_RECENT_DOCS = 12;
const INITIAL_OLD_DOCS = 2;
/** Documents untouched this long are dropped: the API cannot serve them any more. */
const KEEP_MS = 45 * DAY_MS;

export interface WorldChange {
  readonly dealerId: string;
  readonly module: string;
  readonly id: string;
  readonly kind: 'created' | 'modified';
}

/**
 * The MD's DMS as the simulator sees it: per dealer and endpoint, documents with their nested items. Built from the
 * seed when the sandbox starts, then every clock step each dealer records one new document per endpoint and works on
 * one recent document (status moves on, lines added or removed), stamped with the step's time.
 */
export class DgiWorld {
  private readonly docs = new Map<string, SimDoc[]>();
  private readonly seqs = new Map<string, number>();
  private lastAt: number;
  private changes: WorldChange[] = [];

  constructor(
    private readonly seed: number,
    private readonly dealers: readonly SimDealer[],
    private readonly modules: readonly SimModule[],
    start: number,
  ) {
    this.lastAt = start;
    for (const dealer of dealers) this.initialise(dealer, start);
  }

  private list(dealerId: string, module: string): SimDoc[] {
    const k = `${dealerId}/${module}`;
    let l = this.docs.get(k);
    if (!l) this.docs.set(k, (l = []));
    return l;
  }

  private context(r: SimRandom, dealer: SimDealer, at: number, seq: number): GenContext {
    return {
      r,
      dealer,
      at,
      seq,
      docNo: (prefix, width = 5) => {
        const { yy, mm } = simYyMm(at);
        return `${prefix}/${dealer.dealerId}/${yy}/${mm}/${String(seq).padStart(width, '0')}`;
      },
      related: (other) => {
        const candidates = this.list(dealer.dealerId, other).filter((d) => d.createdAt <= at);
        return candidates.length > 0 ? r.pick(candidates.slice(-10)) : undefined;
      },
      unclaimed: (other, field, byModule, byField) => {
        const used = new Set(this.list(dealer.dealerId, byModule).map((d) => d.fields[byField]));
        return this.list(dealer.dealerId, other)
          .filter((d) => d.createdAt <= at && !used.has(d.fields[field]))
          .at(-1);
      },
      item: (fields): SimItem => ({ createdAt: at, modifiedAt: at, fields }),
      touch: (item) => {
        item.modifiedAt = at;
      },
    };
  }

  private create(dealer: SimDealer, mod: SimModule, r: SimRandom, at: number): SimDoc {
    const key = `${dealer.dealerId}/${mod.module}`;
    const seq = (this.seqs.get(key) ?? 0) + 1;
    this.seqs.set(key, seq);
    const g = this.context(r, dealer, at, seq);
    const made = mod.create(g);
    const arrays: Record<string, SimItem[]> = {};
    for (const [name, items] of Object.entries(made.arrays ?? {})) arrays[name] = items.map((f) => g.item(f));
    const doc: SimDoc = { id: String(made.fields[mod.idField]), createdAt: at, modifiedAt: at, fields: made.fields, arrays };
    const list = this.list(dealer.dealerId, mod.module);
    list.push(doc);
    list.sort((a, b) => a.createdAt - b.createdAt);
    this.changes.push({ dealerId: dealer.dealerId, module: mod.module, id: doc.id, kind: 'created' });
    return doc;
  }

  private modify(dealer: SimDealer, mod: SimModule, r: SimRandom, doc: SimDoc, at: number): void {
    mod.modify(this.context(r, dealer, at, 0), doc);
    doc.modifiedAt = at;
    this.changes.push({ dealerId: dealer.dealerId, module: mod.module, id: doc.id, kind: 'modified' });
  }

  private initialise(dealer: SimDealer, start: number): void {
    // Creation events over the past, in time order, so a SPK can point at an earlier prospect and an NJB at its PKB.
    const events: { at: number; mod: SimModule; r: SimRandom }[] = [];
    for (const mod of this.modules) {
      const r = new SimRandom(this.seed, dealer.dealerId, mod.module, 'init');
      for (let k = 0; k < INITIAL_OLD_DOCS; k += 1) events.push({ at: start - (33 + 4 * k) * DAY_MS - r.int(0, DAY_MS / 2), mod, r });
      // Evenly spread with jitter of at most ±0.4 of the spacing, so the oldest recent one stays inside 30 days.
      const spacing = (29 * DAY_MS) / INITIAL_RECENT_DOCS;
      for (let k = 0; k < INITIAL_RECENT_DOCS; k += 1) {
        events.push({ at: Math.round(start - (k + 0.5) * spacing + (r.next() - 0.5) * 0.8 * spacing), mod, r });
      }
    }
    // Dealers work 08:00–17:00 WIB: the history lands in business hours (never after the sandbox's start).
    for (const e of events) {
      const inHours = startOfWibDay(e.at) + 8 * 3_600_000 + Math.floor(e.r.next() * 9 * 3_600_000);
      if (inHours < start - 60_000) e.at = inHours;
    }
    events.sort((a, b) => a.at - b.at);
    const created = events.map((e) => ({ ...e, doc: this.create(dealer, e.mod, e.r, e.at) }));
    // About half of them were worked on later (before the sandbox started).
    for (const { doc, mod, r } of created) {
      if (!r.chance(0.5)) continue;
      const at = doc.createdAt + r.int(3_600_000, 2 * DAY_MS);
      if (at < start - 60_000) this.modify(dealer, mod, r, doc, at);
    }
    this.changes = [];
  }

  /** Clock steps notified but not applied yet (applied on the next look at the data, spread over the time moved). */
  private pending: number[] = [];

  /** Notes a clock step; `catchUp` applies it. */
  enqueue(step: number): void {
    this.pending.push(step);
  }

  /**
   * Applies the pending steps, each in its own slice of the time since the last one: `advance({ steps: 24 })` over
   * 24 hours yields documents spread over the day, not 24 of them at the same second.
   */
  catchUp(now: number): void {
    if (this.pending.length === 0) return;
    const steps = this.pending;
    this.pending = [];
    this.changes = [];
    const from = this.lastAt;
    const span = Math.max(0, now - from);
    steps.forEach((step, i) => {
      const end = from + Math.round((span * (i + 1)) / steps.length);
      this.applyStep(step, end);
    });
    this.lastAt = Math.max(this.lastAt, now);
  }

  /** One step ending at `end`: every dealer records one new document per endpoint and works on one recent one. */
  private applyStep(step: number, end: number): void {
    // At most the last hour of the slice: a step is an hour of a dealer's day.
    const base = Math.max(this.lastAt, end - 3_600_000);
    const span = Math.max(1_000, end - base);
    for (const dealer of this.dealers) {
      for (const mod of this.modules) {
        const r = new SimRandom(this.seed, dealer.dealerId, mod.module, 'step', step);
        const created = this.create(dealer, mod, r, Math.min(end, base + Math.floor(r.next() * span * 0.5)));
        const recent = this.list(dealer.dealerId, mod.module).filter((d) => d !== created && d.createdAt >= end - 25 * DAY_MS);
        if (recent.length > 0) {
          const target = r.pick(recent);
          this.modify(dealer, mod, r, target, Math.min(end, Math.max(target.createdAt, base + Math.floor(span * (0.5 + r.next() * 0.5)))));
        }
      }
    }
    for (const [k, list] of this.docs) this.docs.set(k, list.filter((d) => Math.max(d.createdAt, d.modifiedAt) >= end - KEEP_MS));
    this.lastAt = end;
  }

  /** Documents of the given dealers whose createdTime or modifiedTime falls in [from, to] (ms), oldest first. */
  query(dealerIds: readonly string[], module: string, from: number, to: number): SimDoc[] {
    const inWindow = (t: number): boolean => t >= from && t <= to;
    return dealerIds.flatMap((id) => this.list(id, module).filter((d) => inWindow(d.createdAt) || inWindow(d.modifiedAt)));
  }

  /** Documents the API can serve now (created or modified in the last 30 days), by dealer and endpoint. */
  visibleCounts(now: number): Record<string, Record<string, number>> {
    this.catchUp(now);
    const out: Record<string, Record<string, number>> = {};
    for (const dealer of this.dealers) {
      const row: Record<string, number> = {};
      for (const mod of this.modules) row[mod.module] = this.query([dealer.dealerId], mod.module, now - 30 * DAY_MS, now).length;
      out[dealer.dealerId] = row;
    }
    return out;
  }

  /** What the last clock advance changed (all its steps). */
  lastChanges(now: number): readonly WorldChange[] {
    this.catchUp(now);
    return this.changes;
  }
}

/** A document as the API returns it: the spec's fields, then dealerId and audit times, then the nested arrays. */
export function serialiseDoc(doc: SimDoc, dealerId: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...doc.fields,
    dealerId,
    createdTime: simDateTime(doc.createdAt),
    modifiedTime: simDateTime(doc.modifiedAt),
  };
  for (const [name, items] of Object.entries(doc.arrays)) {
    out[name] = items.map((i) => ({ ...i.fields, createdTime: simDateTime(i.createdAt), modifiedTime: simDateTime(i.modifiedAt) }));
  }
  return out;
}
