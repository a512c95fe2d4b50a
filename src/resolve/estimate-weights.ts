/**
 * Fellegi–Sunter weights learnt from the data itself, as Splink does it: u-probabilities (how often each comparison
 * level occurs between two *different* people) from random pairs, which are almost all non-matches; then
 * expectation–maximisation over the candidate pairs for the m-probabilities (how often it occurs between two records
 * of *one* person) and the share of matches λ, with u held fixed. A pair's match weight is log2 of the prior odds
 * times the Bayes factor m/u of each of its levels.
 */

/** One pair, compared: comparison name → the level it reached (e.g. { name: 'nickname', email: 'differ' }). */
export type ComparisonVector = Readonly<Record<string, string>>;

export type LevelProbabilities = Record<string, Record<string, number>>;

export interface FellegiSunterModel {
  /** Prior probability that a candidate pair is a match. */
  readonly lambda: number;
  readonly m: LevelProbabilities;
  readonly u: LevelProbabilities;
  readonly iterations: number;
  readonly converged: boolean;
}

const M_MAX = 0.999;
const P_MIN = 1e-4;

function levelsOf(vectors: readonly ComparisonVector[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const v of vectors) {
    for (const [c, l] of Object.entries(v)) {
      const s = out.get(c);
      if (s) s.add(l);
      else out.set(c, new Set([l]));
    }
  }
  return out;
}

function normalise(counts: Map<string, number>, levels: Iterable<string>, max = 1): Record<string, number> {
  const ls = [...levels];
  let total = 0;
  for (const l of ls) total += counts.get(l) ?? 0;
  const out: Record<string, number> = {};
  for (const l of ls) out[l] = Math.min(max, Math.max(P_MIN, total > 0 ? (counts.get(l) ?? 0) / total : 1 / ls.length));
  return out;
}

/** u-probabilities from pairs drawn at random (non-matches, nearly all of them). */
export function estimateU(randomPairs: readonly ComparisonVector[], levels?: ReadonlyMap<string, ReadonlySet<string>>): LevelProbabilities {
  const all = levels ?? levelsOf(randomPairs);
  const u: LevelProbabilities = {};
  for (const [c, ls] of all) {
    const counts = new Map<string, number>();
    for (const v of randomPairs) {
      const l = v[c];
      if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    u[c] = normalise(counts, ls);
  }
  return u;
}

/** Bayes factor m/u of one level (1 when unknown: no evidence either way). */
export function bayesFactor(model: Pick<FellegiSunterModel, 'm' | 'u'>, comparison: string, level: string): number {
  const m = model.m[comparison]?.[level];
  const u = model.u[comparison]?.[level];
  return m === undefined || u === undefined ? 1 : m / u;
}

/** log2 of the posterior odds of a match for this pair: prior odds times every level's Bayes factor. */
export function matchWeight(model: FellegiSunterModel, v: ComparisonVector): number {
  let w = Math.log2(model.lambda / (1 - model.lambda));
  for (const [c, l] of Object.entries(v)) w += Math.log2(bayesFactor(model, c, l));
  return w;
}

export function matchProbability(model: FellegiSunterModel, v: ComparisonVector): number {
  const odds = 2 ** matchWeight(model, v);
  return odds / (1 + odds);
}

export interface EmOptions {
  readonly lambda0?: number;
  readonly maxIterations?: number;
  /** Stop when no m-probability or λ moves by more than this. */
  readonly tolerance?: number;
}

/**
 * EM over the candidate pairs with u fixed: the E step gives each distinct comparison pattern its match probability,
 * the M step re-estimates λ and m from those, weighted by how often each pattern occurs.
 */
export function estimateWeights(candidates: readonly ComparisonVector[], u: LevelProbabilities, opts: EmOptions = {}): FellegiSunterModel {
  const levels = levelsOf(candidates);
  for (const [c, ls] of Object.entries(u)) {
    const s = levels.get(c) ?? new Set<string>();
    for (const l of Object.keys(ls)) s.add(l);
    levels.set(c, s);
  }
  // Patterns repeat a lot: count each once.
  const patterns = new Map<string, { v: ComparisonVector; n: number }>();
  for (const v of candidates) {
    const k = JSON.stringify(Object.entries(v).sort());
    const p = patterns.get(k);
    if (p) p.n++;
    else patterns.set(k, { v, n: 1 });
  }
  const uu: LevelProbabilities = {};
  for (const [c, ls] of levels) {
    uu[c] = {};
    for (const l of ls) uu[c][l] = Math.max(P_MIN, u[c]?.[l] ?? P_MIN);
  }
  // Start: m favours the levels random pairs rarely reach.
  let m: LevelProbabilities = {};
  for (const [c, ls] of levels) {
    const raw = new Map([...ls].map((l) => [l, 1 / uu[c]![l]!]));
    m[c] = normalise(raw, ls, M_MAX);
  }
  let lambda = opts.lambda0 ?? 0.1;
  const maxIt = opts.maxIterations ?? 50;
  const tol = opts.tolerance ?? 1e-5;
  let it = 0;
  let converged = false;
  const total = candidates.length || 1;
  while (it < maxIt) {
    it++;
    const model = { lambda, m, u: uu, iterations: it, converged: false };
    let matches = 0;
    const counts = new Map<string, Map<string, number>>([...levels.keys()].map((c) => [c, new Map<string, number>()]));
    for (const { v, n } of patterns.values()) {
      const p = matchProbability(model, v);
      matches += p * n;
      for (const [c, l] of Object.entries(v)) {
        const cm = counts.get(c)!;
        cm.set(l, (cm.get(l) ?? 0) + p * n);
      }
    }
    const next: LevelProbabilities = {};
    for (const [c, ls] of levels) next[c] = normalise(counts.get(c)!, ls, M_MAX);
    const nextLambda = Math.min(1 - P_MIN, Math.max(P_MIN, matches / total));
    let delta = Math.abs(nextLambda - lambda);
    for (const [c, ls] of levels) for (const l of ls) delta = Math.max(delta, Math.abs(next[c]![l]! - m[c]![l]!));
    m = next;
    lambda = nextLambda;
    if (delta < tol) {
      converged = true;
      break;
    }
  }
  return { lambda, m, u: uu, iterations: it, converged };
}
