import { clusterRecords } from './cluster-records.js';
import type { EntityRules } from './entity-rules.js';
import { countIdentifierPeople } from './identifier-people.js';
import { blockingKeys, prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { PairDecision, PairScore, ResolutionResult, ResolvableRecord, ResolvedCluster, ReviewItem } from './resolve-types.js';
import { scorePair } from './score-pair.js';

/** Candidate pairs: records that share at least one block small enough to be evidence. */
export function candidatePairs(prepared: readonly PreparedRecord[], rules: EntityRules): [number, number][] {
  const blocks = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    for (const k of rules.matcher ? rules.matcher.blockingKeys(p.rec) : blockingKeys(p)) {
      const l = blocks.get(k);
      if (l) l.push(i);
      else blocks.set(k, [i]);
    }
  });
  const n = prepared.length;
  const seen = new Set<number>();
  const out: [number, number][] = [];
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > rules.maxBlockSize) continue;
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const i = members[x]!;
        const j = members[y]!;
        const k = i * n + j;
        if (seen.has(k)) continue;
        seen.add(k);
        out.push([i, j]);
      }
    }
  }
  return out;
}

/** Resolves one scope (team): records are never compared across scopes. */
function resolveScope(records: readonly ResolvableRecord[], decisions: readonly PairDecision[], rules: EntityRules) {
  const prepared = [...records].sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0)).map(prepareRecord);
  const people = countIdentifierPeople(prepared, rules);
  const edges: PairScore[] = [];
  const pairs = candidatePairs(prepared, rules);
  for (const [i, j] of pairs) {
    const s = rules.matcher ? rules.matcher.scorePair(prepared[i]!.rec, prepared[j]!.rec) : scorePair(prepared[i]!, prepared[j]!, people, rules);
    if (s) edges.push(s);
  }
  return { ...clusterRecords(prepared, edges, decisions, rules), compared: pairs.length };
}

/**
 * The whole engine for one entity type: block, compare, score, cluster, all deterministic. The result depends only
 * on the records and the decisions given — so resolving the connected neighbourhood of a change (incremental) gives
 * the same clusters as resolving everything (full rebuild).
 */
export function resolveRecords(records: readonly ResolvableRecord[], decisions: readonly PairDecision[], rules: EntityRules): ResolutionResult {
  const byScope = new Map<string, ResolvableRecord[]>();
  for (const r of records) {
    const l = byScope.get(r.scope);
    if (l) l.push(r);
    else byScope.set(r.scope, [r]);
  }
  const scopeOf = new Map(records.map((r) => [r.id, r.scope]));
  const decisionsByScope = new Map<string, PairDecision[]>();
  for (const d of decisions) {
    const s = scopeOf.get(d.a);
    if (s === undefined || scopeOf.get(d.b) !== s) continue;
    const l = decisionsByScope.get(s);
    if (l) l.push(d);
    else decisionsByScope.set(s, [d]);
  }
  const clusters: ResolvedCluster[] = [];
  const review: ReviewItem[] = [];
  let pairsCompared = 0;
  for (const scope of [...byScope.keys()].sort()) {
    const r = resolveScope(byScope.get(scope)!, decisionsByScope.get(scope) ?? [], rules);
    clusters.push(...r.clusters);
    review.push(...r.review);
    pairsCompared += r.compared;
  }
  return { clusters, review, pairsCompared };
}
