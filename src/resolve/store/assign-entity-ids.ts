import { randomUUID } from 'node:crypto';
import type { ResolvedCluster } from '../resolve-types.js';

/**
 * Keeps entity ids stable across runs: each new cluster takes the old id most of its members had (largest clusters
 * choose first, each old id used once); a cluster with no unclaimed old id gets a new one.
 */
export function assignEntityIds(
  clusters: readonly ResolvedCluster[],
  previous: ReadonlyMap<string, string | null>,
  newId: () => string = randomUUID,
  /** Ids already given out earlier in the same run (by another batch): never handed out twice. Gains this batch's. */
  taken: Set<string> = new Set(),
): { ids: string[]; created: number } {
  const order = clusters.map((_, i) => i).sort((a, b) => clusters[b]!.members.length - clusters[a]!.members.length || a - b);
  const ids: string[] = new Array<string>(clusters.length);
  let created = 0;
  for (const i of order) {
    const votes = new Map<string, number>();
    for (const m of clusters[i]!.members) {
      const old = previous.get(m);
      if (old && !taken.has(old)) votes.set(old, (votes.get(old) ?? 0) + 1);
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) {
      taken.add(best[0]);
      ids[i] = best[0];
    } else {
      ids[i] = newId();
      created++;
    }
  }
  return { ids, created };
}
