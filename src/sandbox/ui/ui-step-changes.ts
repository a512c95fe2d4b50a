import type { VisibleDistributor } from './ui-world.js';

/** Ids whose visible record changed between two steps, by the kind of change a full-snapshot sync should record. */
export interface StepChanges {
  readonly created: number[];
  readonly updated: number[];
  readonly removed: number[];
  readonly restored: number[];
}

function sameVisible(a: VisibleDistributor, b: VisibleDistributor): boolean {
  return JSON.stringify(a.d.entry) === JSON.stringify(b.d.entry) && [...a.pairs].sort().join(',') === [...b.pairs].sort().join(',');
}

export function diffVisible(
  before: ReadonlyMap<number, VisibleDistributor>,
  after: ReadonlyMap<number, VisibleDistributor>,
  seenBefore: ReadonlySet<number>,
): StepChanges {
  const out: StepChanges = { created: [], updated: [], removed: [], restored: [] };
  for (const [id, v] of after) {
    const old = before.get(id);
    if (!old) (seenBefore.has(id) ? out.restored : out.created).push(id);
    else if (!sameVisible(old, v)) out.updated.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) out.removed.push(id);
  for (const list of [out.created, out.updated, out.removed, out.restored]) list.sort((a, b) => a - b);
  return out;
}
