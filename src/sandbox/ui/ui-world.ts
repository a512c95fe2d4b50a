import { createRng, type Rng } from './ui-rng.js';
import { EMPTY_PAIR, SIM_PAIRS, pairKey, type PairGeo } from './ui-geography.js';
import { generateDistributor, mutateEntry, pastTimestamp } from './ui-entry-generator.js';
import type { SimDistributor } from './ui-entry.js';
import { diffVisible, type StepChanges } from './ui-step-changes.js';
import { DAY_MS } from '../../core/day-ms.js';

/** How many distributors each region starts with (the real capture alone holds 332 across usa, eur and as/CN). */
const INITIAL_PER_REGION: Readonly<Record<string, number>> = {
  eur: 240, as: 55, 'lat-a': 45, usa: 30, af: 18, 'mid-e': 16, can: 10, 'aus-nzl': 8,
};

/** The whole simulated site at one step: who exists, who is temporarily gone, which menu pairs are hidden. */
export interface WorldState {
  readonly step: number;
  readonly distributors: ReadonlyMap<number, SimDistributor>;
  /** Taken off the site; some come back later with the same id. */
  readonly gone: ReadonlyMap<number, SimDistributor>;
  /** Pairs taken out of the site's menu, with the step they were hidden at. */
  readonly hiddenPairs: ReadonlyMap<string, number>;
  readonly nextId: number;
  readonly nextOrder: number;
}

/** What a client can see: only pairs in the menu count, and a distributor is visible under at least one of them. */
export interface VisibleDistributor {
  readonly d: SimDistributor;
  readonly pairs: readonly string[];
}

const GEO_BY_KEY = new Map(SIM_PAIRS.map((g) => [pairKey(g.region, g.code), g]));

export function geoOf(key: string): PairGeo {
  const g = GEO_BY_KEY.get(key);
  if (!g) throw new Error(`unknown pair ${key}`);
  return g;
}

/** Simulated `now` for a step: data moves one day per step from 2025-07-01, independent of the wall clock. */
export function stepTimestamp(rng: Rng, step: number): string {
  return new Date(Date.UTC(2025, 6, 1) + step * DAY_MS + rng.int(DAY_MS)).toISOString();
}

function initialWorld(seed: number): WorldState {
  const rng = createRng(seed, 0);
  const ids = new Set<number>();
  const takeId = (): number => {
    for (;;) {
      const id = rng.between(4, 1100);
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };
  const distributors = new Map<number, SimDistributor>();
  const add = (geo: PairGeo, master?: boolean): SimDistributor => {
    const opts = { id: takeId(), order: rng.between(0, 1013), lastModified: pastTimestamp(rng), ...(master === undefined ? {} : { master }) };
    const d = generateDistributor(rng, geo, opts);
    distributors.set(d.entry.id, d);
    return d;
  };
  for (const [region, total] of Object.entries(INITIAL_PER_REGION)) {
    const pairs = SIM_PAIRS.filter((g) => g.region === region && pairKey(g.region, g.code) !== EMPTY_PAIR);
    for (const g of pairs) add(g);
    // Bigger markets get more: weight by the number of cities the table knows.
    const weighted = pairs.flatMap((g) => g.cities.map(() => g));
    for (let i = pairs.length; i < total; i++) add(rng.pick(weighted));
  }
  // Some distributors serve several countries/states of their region (master distributors mostly).
  const all = [...distributors.values()];
  for (const d of all) {
    if (!rng.chance(d.entry.master_reseller ? 0.3 : 0.06)) continue;
    const home = d.pairs[0] ?? '';
    const region = home.split('/')[0];
    const candidates = SIM_PAIRS.filter((g) => g.region === region && pairKey(g.region, g.code) !== EMPTY_PAIR)
      .map((g) => pairKey(g.region, g.code)).filter((k) => k !== home);
    const extra = new Set<string>();
    const n = rng.between(1, 3);
    for (let i = 0; i < n && candidates.length > 0; i++) extra.add(rng.pick(candidates));
    distributors.set(d.entry.id, { ...d, pairs: [home, ...[...extra].sort()] });
  }
  // A few global master distributors appear in several regions.
  for (let i = 0; i < 3; i++) {
    const d = add(geoOf('usa/CA'), true);
    const extra = ['can/ON', 'eur/GB', 'as/SG', 'lat-a/MX', 'aus-nzl/AU'].filter(() => rng.chance(0.6));
    distributors.set(d.entry.id, { ...d, pairs: ['usa/CA', 'usa/TX', ...extra] });
  }
  return {
    step: 0,
    distributors,
    gone: new Map(),
    hiddenPairs: new Map(),
    nextId: 1101,
    nextOrder: 1014,
  };
}

function listedPairs(state: { hiddenPairs: ReadonlyMap<string, number> }): string[] {
  return SIM_PAIRS.map((g) => pairKey(g.region, g.code)).filter((k) => !state.hiddenPairs.has(k));
}

/** One step of site maintenance: new listings, delistings, comebacks, edits, moves, and menu changes. */
function evolve(prev: WorldState, seed: number): WorldState {
  const step = prev.step + 1;
  const rng = createRng(seed, step);
  const distributors = new Map(prev.distributors);
  const gone = new Map(prev.gone);
  const hiddenPairs = new Map(prev.hiddenPairs);
  let { nextId, nextOrder } = prev;
  const when = (): string => stepTimestamp(rng, step);
  const visibleIds = (): number[] =>
    [...distributors.values()].filter((d) => d.pairs.some((p) => !hiddenPairs.has(p))).map((d) => d.entry.id).sort((a, b) => a - b);
  const open = listedPairs({ hiddenPairs }).filter((k) => k !== EMPTY_PAIR);

  for (let i = rng.between(1, 2); i > 0; i--) {
    const geo = geoOf(rng.pick(open));
    const d = generateDistributor(rng, geo, { id: nextId++, order: nextOrder++, lastModified: when() });
    distributors.set(d.entry.id, d);
  }
  const touched = new Set<number>();
  for (let i = rng.between(1, 2); i > 0; i--) {
    const id = rng.pick(visibleIds().filter((x) => !touched.has(x)));
    const d = distributors.get(id);
    if (!d) continue;
    distributors.delete(id);
    gone.set(id, d);
    touched.add(id);
  }
  if (step >= 2) {
    const back = [...prev.gone.keys()].sort((a, b) => a - b);
    if (back.length > 0) {
      const id = rng.pick(back);
      const d = gone.get(id);
      if (d) {
        gone.delete(id);
        distributors.set(id, rng.chance(0.5) ? mutateEntry(rng, d, geoOf(d.pairs[0] ?? ''), when()) : d);
        touched.add(id);
      }
    }
  }
  for (let i = rng.between(2, 4); i > 0; i--) {
    const id = rng.pick(visibleIds().filter((x) => !touched.has(x)));
    const d = distributors.get(id);
    if (!d) continue;
    distributors.set(id, mutateEntry(rng, d, geoOf(d.pairs[0] ?? ''), when()));
    touched.add(id);
  }
  if (rng.chance(0.6)) {
    // A listing moves: gains a neighbouring country/state, or drops one of several.
    const id = rng.pick(visibleIds().filter((x) => !touched.has(x)));
    const d = distributors.get(id);
    if (d) {
      const region = (d.pairs[0] ?? '').split('/')[0];
      const others = open.filter((k) => k.startsWith(`${region}/`) && !d.pairs.includes(k));
      if (d.pairs.length > 1 && rng.chance(0.5)) distributors.set(id, { ...d, pairs: d.pairs.slice(0, -1) });
      else if (others.length > 0) distributors.set(id, { ...d, pairs: [...d.pairs, rng.pick(others)] });
    }
  }
  // The menu: every third step one small pair is taken off for two steps, then comes back.
  for (const [k, at] of [...hiddenPairs]) if (step - at >= 2) hiddenPairs.delete(k);
  if (step % 3 === 1) {
    const small = open.filter((k) => {
      const n = [...distributors.values()].filter((d) => d.pairs.includes(k)).length;
      return n > 0 && n <= 3;
    });
    if (small.length > 0) hiddenPairs.set(rng.pick(small), step);
  }
  return { step, distributors, gone, hiddenPairs, nextId, nextOrder };
}

/** The simulated site through time: states are computed once per step and cached, always from (seed, step). */
export class UiWorld {
  private readonly states: WorldState[];
  private readonly visible: Map<number, VisibleDistributor>[] = [];
  private readonly everSeen: Set<number>[] = [];

  constructor(readonly seed: number) {
    this.states = [initialWorld(seed)];
  }

  at(step: number): WorldState {
    if (!Number.isInteger(step) || step < 0) throw new Error(`invalid step ${step}`);
    while (this.states.length <= step) this.states.push(evolve(this.states[this.states.length - 1] as WorldState, this.seed));
    return this.states[step] as WorldState;
  }

  /** Menu pairs (`region/code`) listed at `step`, in menu order. */
  listedPairs(step: number): string[] {
    return listedPairs(this.at(step));
  }

  /** Distributors a client can find at `step`, each with the listed pairs it appears under. */
  visibleAt(step: number): ReadonlyMap<number, VisibleDistributor> {
    const cached = this.visible[step];
    if (cached) return cached;
    const state = this.at(step);
    const out = new Map<number, VisibleDistributor>();
    for (const d of state.distributors.values()) {
      const pairs = d.pairs.filter((p) => !state.hiddenPairs.has(p));
      if (pairs.length > 0) out.set(d.entry.id, { d, pairs });
    }
    this.visible[step] = out;
    return out;
  }

  /** Entries listed under one pair, as the site orders them. */
  entriesFor(step: number, pairs: readonly string[]): SimDistributor[] {
    const want = new Set(pairs);
    return [...this.visibleAt(step).values()]
      .filter((v) => v.pairs.some((p) => want.has(p)))
      .map((v) => v.d)
      .sort((a, b) => a.entry.order - b.entry.order || a.entry.id - b.entry.id);
  }

  /** Exactly what a full read sees change from `step - 1` to `step` (created, updated, removed, restored ids). */
  changes(step: number): StepChanges {
    if (step < 1) throw new Error('changes start at step 1');
    const seenBefore = this.everSeenUpTo(step - 1);
    return diffVisible(this.visibleAt(step - 1), this.visibleAt(step), seenBefore);
  }

  private everSeenUpTo(step: number): Set<number> {
    for (let s = this.everSeen.length; s <= step; s++) {
      const prev = this.everSeen[s - 1];
      const next = new Set(prev ?? []);
      for (const id of this.visibleAt(s).keys()) next.add(id);
      this.everSeen[s] = next;
    }
    return this.everSeen[step] as Set<number>;
  }
}
