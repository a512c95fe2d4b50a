import { agentRecord, expandCompanyRow } from '../../src/packs/agents/expand-members.js';
import type { EntityRules } from '../../src/resolve/entity-rules.js';
import { bayesFactor, estimateU, estimateWeights, matchProbability, type ComparisonVector } from '../../src/resolve/estimate-weights.js';
import { countIdentifierPeople } from '../../src/resolve/identifier-people.js';
import { comparisonVector } from '../../src/resolve/pair-comparison.js';
import { prepareRecord, type PreparedRecord } from '../../src/resolve/prepared-record.js';
import { scorePair } from '../../src/resolve/score-pair.js';
import { candidatePairs, resolveRecords } from '../../src/resolve/resolve-records.js';
import type { PairDecision, ResolvableRecord, ResolvedCluster, ReviewItem } from '../../src/resolve/resolve-types.js';
import type { LabelledSet } from './labelled-set.js';

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const pairs = (n: number) => (n * (n - 1)) / 2;
const f1 = (p: number, r: number) => (p + r ? (2 * p * r) / (p + r) : 0);

/** The rows as the pipeline turns them into records (same expansion, same normalisation, region US). */
export function labelledRecords(set: Pick<LabelledSet, 'companyRows' | 'agentRows'>): ResolvableRecord[] {
  const at = '2026-11-01T00:00:00.000Z';
  const out: ResolvableRecord[] = [];
  for (const row of set.companyRows) out.push(...expandCompanyRow({ key: row.research_uuid!, data: row, observedAt: at }, 'US').records);
  for (const row of set.agentRows) out.push(...agentRecord({ key: row.supabase_uuid!, data: row, observedAt: at }, 'US').records);
  return out;
}

export interface ClusterScores {
  readonly pairwise_precision: number;
  readonly pairwise_recall: number;
  readonly pairwise_f1: number;
  readonly bcubed_precision: number;
  readonly bcubed_recall: number;
  readonly bcubed_f1: number;
}

/**
 * Pairwise and B-cubed precision / recall / F1 of a clustering against the labels, given as record → entity. Records
 * without a label count as their own person.
 */
export function scoreAssignment(entityOf: ReadonlyMap<string, string>, truth: ReadonlyMap<string, string>): ClusterScores {
  const person = (id: string) => truth.get(id) ?? `unlabelled:${id}`;
  const clusters = new Map<string, string[]>();
  for (const [id, e] of entityOf) {
    const l = clusters.get(e);
    if (l) l.push(id);
    else clusters.set(e, [id]);
  }
  const personSize = new Map<string, number>();
  for (const id of entityOf.keys()) personSize.set(person(id), (personSize.get(person(id)) ?? 0) + 1);
  let predicted = 0;
  let correct = 0;
  let bp = 0;
  let br = 0;
  for (const members of clusters.values()) {
    predicted += pairs(members.length);
    const byPerson = new Map<string, number>();
    for (const m of members) byPerson.set(person(m), (byPerson.get(person(m)) ?? 0) + 1);
    for (const [pid, k] of byPerson) {
      correct += pairs(k);
      // B-cubed: each record's share of its cluster that is the same person, and of its person that is in its cluster.
      bp += (k * k) / members.length;
      br += (k * k) / personSize.get(pid)!;
    }
  }
  let actual = 0;
  for (const k of personSize.values()) actual += pairs(k);
  const n = entityOf.size || 1;
  const pp = predicted ? correct / predicted : 1;
  const pr = actual ? correct / actual : 1;
  return {
    pairwise_precision: round(pp), pairwise_recall: round(pr), pairwise_f1: round(f1(pp, pr)),
    bcubed_precision: round(bp / n), bcubed_recall: round(br / n), bcubed_f1: round(f1(bp / n, br / n)),
  };
}

function assignment(clusters: readonly ResolvedCluster[]): Map<string, string> {
  const out = new Map<string, string>();
  clusters.forEach((c, i) => { for (const m of c.members) out.set(m, `e${i}`); });
  return out;
}

/**
 * Learns Fellegi–Sunter weights from the set itself, without its labels (u from random pairs, m and λ by EM over the
 * candidate pairs), then sets them beside the tier scores: for each score the engine gives, the learnt match
 * probability and the true match rate. The tiers are the explanation; this shows the evidence behind them.
 */
export function calibrate(records: readonly ResolvableRecord[], truth: ReadonlyMap<string, string>, rules: EntityRules): Record<string, unknown> {
  const byScope = new Map<string, PreparedRecord[]>();
  for (const r of records) {
    const p = prepareRecord(r);
    const l = byScope.get(r.scope);
    if (l) l.push(p);
    else byScope.set(r.scope, [p]);
  }
  const people = new Map<string, number>();
  const cands: { x: PreparedRecord; y: PreparedRecord; v: ComparisonVector }[] = [];
  for (const group of byScope.values()) {
    const pp = countIdentifierPeople(group, rules);
    for (const [k, n] of pp) people.set(k, n);
    for (const [i, j] of candidatePairs(group, rules)) cands.push({ x: group[i]!, y: group[j]!, v: comparisonVector(group[i]!, group[j]!, pp) });
  }
  // Deterministic "random" pairs (a fixed stride through the records): nearly all two different people.
  const all = [...byScope.values()].flat();
  const random: ComparisonVector[] = [];
  for (let k = 0; k < Math.min(50_000, all.length * 10) && all.length > 1; k++) {
    const i = (k * 7_919) % all.length;
    const j = (k * 104_729 + 1) % all.length;
    if (i !== j) random.push(comparisonVector(all[i]!, all[j]!, people));
  }
  const model = estimateWeights(cands.map((c) => c.v), estimateU(random));
  const byScore = new Map<number, { pairs: number; p: number; truth: number }>();
  for (const c of cands) {
    const s = scorePair(c.x, c.y, people, rules);
    if (!s) continue;
    const b = byScore.get(s.score) ?? { pairs: 0, p: 0, truth: 0 };
    b.pairs++;
    b.p += matchProbability(model, c.v);
    if (truth.get(c.x.rec.id) !== undefined && truth.get(c.x.rec.id) === truth.get(c.y.rec.id)) b.truth++;
    byScore.set(s.score, b);
  }
  const factors: Record<string, Record<string, number>> = {};
  for (const [c, ls] of Object.entries(model.m)) factors[c] = Object.fromEntries(Object.keys(ls).sort().map((l) => [l, round(bayesFactor(model, c, l), 3)]));
  return {
    lambda: round(model.lambda, 5), em_iterations: model.iterations, converged: model.converged, bayes_factors: factors,
    by_score: Object.fromEntries([...byScore.entries()].sort((a, b) => b[0] - a[0])
      .map(([score, b]) => [String(score), { pairs: b.pairs, em_match_probability: round(b.p / b.pairs, 3), true_match_rate: round(b.truth / b.pairs, 3) }])),
  };
}

export interface EvaluateOptions {
  /** Also learn Fellegi–Sunter weights by EM and set them beside the tier scores. */
  readonly calibrate?: boolean;
  /** How many missed pairs and false merges to list (for reading while tuning on tuning seeds only). */
  readonly examples?: number;
  /** A person answers the queue, the engine re-runs; at most this many rounds. */
  readonly maxReviewRounds?: number;
}

/**
 * Runs the engine on a labelled set and scores it: auto-merges alone, then after a person who knows the truth answers
 * every review item (approve when the labels say same person, reject otherwise) and the engine re-runs with those
 * decisions, round after round until nothing new is asked.
 */
export function evaluateSet(set: LabelledSet, rules: EntityRules, opts: EvaluateOptions = {}): Record<string, unknown> {
  const records = labelledRecords(set);
  const truth = set.truth;
  const same = (a: string, b: string) => truth.get(a) !== undefined && truth.get(a) === truth.get(b);
  const t0 = performance.now();
  const first = resolveRecords(records, [], rules);
  const resolveMs = performance.now() - t0;
  const auto = scoreAssignment(assignment(first.clusters), truth);
  const autoLinks = first.clusters.flatMap((c) => c.links);

  // Blocking recall: every true pair (within a team: resolution never crosses teams) must be a candidate.
  const prepared = records.map(prepareRecord);
  const cand = new Set(candidatePairs(prepared, rules).map(([i, j]) => `${prepared[i]!.rec.id}\u0000${prepared[j]!.rec.id}`));
  const byPerson = new Map<string, ResolvableRecord[]>();
  for (const r of records) {
    const pid = truth.get(r.id);
    if (!pid) continue;
    const l = byPerson.get(pid);
    if (l) l.push(r);
    else byPerson.set(pid, [r]);
  }
  const truePairs: [ResolvableRecord, ResolvableRecord][] = [];
  for (const l of byPerson.values()) for (let i = 0; i < l.length; i++) for (let j = i + 1; j < l.length; j++) truePairs.push([l[i]!, l[j]!]);
  const inScope = truePairs.filter(([a, b]) => a.scope === b.scope);
  const blocked = inScope.filter(([a, b]) => cand.has(`${a.id}\u0000${b.id}`) || cand.has(`${b.id}\u0000${a.id}`)).length;

  // The oracle reviewer.
  const decisions: PairDecision[] = [];
  const decided = new Set<string>();
  let queue: readonly ReviewItem[] = first.review;
  let final = first;
  let reviewed = 0;
  let reviewedTrue = 0;
  let rounds = 0;
  const maxRounds = opts.maxReviewRounds ?? 5;
  while (queue.length > 0 && rounds < maxRounds) {
    rounds++;
    let fresh = 0;
    for (const item of queue) {
      const k = `${item.a}\u0000${item.b}`;
      if (decided.has(k)) continue;
      decided.add(k);
      fresh++;
      const yes = same(item.a, item.b);
      if (yes) reviewedTrue++;
      decisions.push({ kind: yes ? 'approve' : 'reject', a: item.a, b: item.b });
    }
    reviewed += fresh;
    if (fresh === 0) break;
    final = resolveRecords(records, decisions, rules);
    queue = final.review;
  }
  const after = scoreAssignment(assignment(final.clusters), truth);

  // Recall per corruption type: a true pair counts for every corruption either of its records carries.
  const autoOf = assignment(first.clusters);
  const finalOf = assignment(final.clusters);
  const perTag = new Map<string, { pairs: number; auto: number; after: number }>();
  for (const [a, b] of truePairs) {
    const tagsOf = new Set([...(set.tags.get(a.id) ?? []), ...(set.tags.get(b.id) ?? [])]);
    if (tagsOf.size === 0) tagsOf.add('clean');
    for (const t of tagsOf) {
      const s = perTag.get(t) ?? { pairs: 0, auto: 0, after: 0 };
      s.pairs++;
      if (autoOf.get(a.id) === autoOf.get(b.id)) s.auto++;
      if (finalOf.get(a.id) === finalOf.get(b.id)) s.after++;
      perTag.set(t, s);
    }
  }
  const recallPerCorruption = Object.fromEntries([...perTag.entries()].sort((x, y) => x[0].localeCompare(y[0]))
    .map(([t, s]) => [t, { pairs: s.pairs, auto: round(s.auto / s.pairs, 3), after_review: round(s.after / s.pairs, 3) }]));

  const out: Record<string, unknown> = {
    generator: set.generator, seed: set.seed, records: records.length, people: byPerson.size, true_pairs: truePairs.length,
    resolve_ms: Math.round(resolveMs),
    blocking_recall: round(inScope.length ? blocked / inScope.length : 1),
    auto_merge_precision: auto.pairwise_precision,
    auto_merge_link_precision: round(autoLinks.length ? autoLinks.filter((l) => same(l.a, l.b)).length / autoLinks.length : 1),
    auto: auto,
    review_queue: first.review.length,
    review_queue_pct: round((100 * first.review.length) / (records.length || 1), 2),
    review_true_share: round(first.review.length ? first.review.filter((i) => same(i.a, i.b)).length / first.review.length : 0, 3),
    reviewed_total: reviewed,
    reviewed_total_pct: round((100 * reviewed) / (records.length || 1), 2),
    review_rounds: rounds,
    reviewed_true: reviewedTrue,
    after_review: after,
    recall_per_corruption: recallPerCorruption,
  };
  if (opts.calibrate) out.calibration = calibrate(records, truth, rules);
  const nExamples = opts.examples ?? 0;
  if (nExamples > 0) {
    const byId = new Map(records.map((r) => [r.id, r]));
    const show = (id: string) => { const r = byId.get(id)!; return `${r.name} | ${r.emails.join(',')} | ${r.phones.join(',')}`; };
    const missed = inScope.filter(([a, b]) => finalOf.get(a.id) !== finalOf.get(b.id)).slice(0, nExamples)
      .map(([a, b]) => `${show(a.id)}  <>  ${show(b.id)}  [${[...(set.tags.get(a.id) ?? []), ...(set.tags.get(b.id) ?? [])].join(',')}]`);
    const wrong = autoLinks.filter((l) => !same(l.a, l.b)).slice(0, nExamples).map((l) => `${show(l.a)}  ==  ${show(l.b)}  (${l.score} ${l.reasons.join('; ')})`);
    const easy = first.review.filter((i) => same(i.a, i.b)).slice(0, nExamples).map((i) => `${show(i.a)}  ??  ${show(i.b)}  (${i.score} ${i.reasons.join('; ')})`);
    out.examples = { missed_after_review: missed, false_auto_merges: wrong, true_pairs_in_review: easy };
  }
  return out;
}
