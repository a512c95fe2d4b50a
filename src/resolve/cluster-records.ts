import { compareNames } from './compare-names.js';
import type { EntityRules } from './entity-rules.js';
import type { PreparedRecord } from './prepared-record.js';
import type { PairDecision, PairScore, ResolvedCluster, ReviewItem } from './resolve-types.js';

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

interface Group {
  members: number[];
  links: PairScore[];
}

/**
 * Greedy agglomeration, strongest evidence first, deterministic for a given input. Human approvals merge first;
 * human rejections (and splits) are hard cannot-links; an automatic merge is refused when it would put two people
 * whose names disagree into one cluster (the guard against chaining weak links: A~B by phone, B~C by email never
 * makes John and Jane one person) — such a refusal goes to review instead.
 */
export function clusterRecords(
  records: readonly PreparedRecord[],
  edges: readonly PairScore[],
  decisions: readonly PairDecision[],
  rules: EntityRules,
): { clusters: ResolvedCluster[]; review: ReviewItem[] } {
  const index = new Map(records.map((p, i) => [p.rec.id, i]));
  const parent = records.map((_, i) => i);
  const groups = new Map<number, Group>(records.map((_, i) => [i, { members: [i], links: [] }]));
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r]!;
    let c = i;
    while (parent[c] !== r) {
      const next = parent[c]!;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  const cannot = new Set<string>();
  for (const d of decisions) if (d.kind === 'reject') cannot.add(pairKey(d.a, d.b));
  const nameCache = new Map<string, boolean>();
  const namesClash = (i: number, j: number): boolean => {
    const k = pairKey(records[i]!.rec.id, records[j]!.rec.id);
    let v = nameCache.get(k);
    if (v === undefined) {
      const m = rules.matcher;
      v = m ? m.namesClash(records[i]!.rec, records[j]!.rec) : compareNames(records[i]!.name, records[j]!.name).relation === 'different';
      nameCache.set(k, v);
    }
    return v;
  };
  const blocked = (ga: Group, gb: Group, guard: boolean): 'rejected' | 'guard' | null => {
    for (const i of ga.members) {
      for (const j of gb.members) {
        if (cannot.has(pairKey(records[i]!.rec.id, records[j]!.rec.id))) return 'rejected';
      }
    }
    if (!guard) return null;
    for (const i of ga.members) for (const j of gb.members) if (namesClash(i, j)) return 'guard';
    return null;
  };
  const union = (ra: number, rb: number, link: PairScore) => {
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    const gk = groups.get(keep)!;
    const gd = groups.get(drop)!;
    gk.members.push(...gd.members);
    gk.links.push(...gd.links, link);
    groups.delete(drop);
    parent[drop] = keep;
  };

  const approved = new Set<string>();
  for (const d of decisions) {
    if (d.kind !== 'approve') continue;
    approved.add(d.a);
    approved.add(d.b);
    const i = index.get(d.a);
    const j = index.get(d.b);
    if (i === undefined || j === undefined) continue;
    const ra = find(i);
    const rb = find(j);
    if (ra === rb || blocked(groups.get(ra)!, groups.get(rb)!, false)) continue;
    const [a, b] = d.a < d.b ? [d.a, d.b] : [d.b, d.a];
    union(ra, rb, { a, b, score: 100, tier: 'human', reasons: ['approved by a reviewer'] });
  }

  const sorted = [...edges].sort((p, q) => q.score - p.score || (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : p.b > q.b ? 1 : 0));
  const refused: ReviewItem[] = [];
  for (const e of sorted) {
    if (e.score <= rules.autoMergeAbove) break;
    const ra = find(index.get(e.a)!);
    const rb = find(index.get(e.b)!);
    if (ra === rb) continue;
    const why = blocked(groups.get(ra)!, groups.get(rb)!, true);
    if (why === null) union(ra, rb, e);
    else if (why === 'guard' && !(rules.approvalSettlesGuard === true && (approved.has(e.a) || approved.has(e.b)))) refused.push({ ...e, cause: 'guard' });
  }

  // One review item per pair of clusters: the best pair of records that links them.
  const review = new Map<string, ReviewItem>();
  const consider = (item: ReviewItem) => {
    const ra = find(index.get(item.a)!);
    const rb = find(index.get(item.b)!);
    if (ra === rb) return;
    if (blocked(groups.get(ra)!, groups.get(rb)!, false)) return;
    const k = ra < rb ? `${ra}:${rb}` : `${rb}:${ra}`;
    const prior = review.get(k);
    if (!prior || item.score > prior.score) review.set(k, item);
  };
  for (const r of refused) consider(r);
  for (const e of sorted) if (e.score <= rules.autoMergeAbove) consider({ ...e, cause: 'threshold' });

  const clusters: ResolvedCluster[] = [...groups.values()].map((g) => {
    const members = g.members.map((i) => records[i]!.rec.id).sort();
    if (g.links.length === 0) return { members, confidence: 100, tier: null, links: [] };
    const weakest = g.links.reduce((m, l) => (l.score < m.score ? l : m));
    return { members, confidence: weakest.score, tier: weakest.tier, links: g.links };
  });
  clusters.sort((p, q) => (p.members[0]! < q.members[0]! ? -1 : 1));
  return { clusters, review: [...review.values()].sort((p, q) => (p.a < q.a ? -1 : p.a > q.a ? 1 : p.b < q.b ? -1 : 1)) };
}
