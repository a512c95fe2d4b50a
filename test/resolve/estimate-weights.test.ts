import { describe, expect, it } from 'vitest';
import { bayesFactor, estimateU, estimateWeights, matchProbability, matchWeight, type ComparisonVector } from '../../src/resolve/estimate-weights.js';

// A known model: two comparisons, the levels independent given match status (the Fellegi–Sunter assumption).
const M = { name: { exact: 0.7, fuzzy: 0.25, different: 0.05 }, email: { shared: 0.6, missing: 0.3, differ: 0.1 } };
const U = { name: { exact: 0.01, fuzzy: 0.04, different: 0.95 }, email: { shared: 0.005, missing: 0.4, differ: 0.595 } };

function draw(probs: Record<string, number>, r: number): string {
  let acc = 0;
  for (const [l, p] of Object.entries(probs)) {
    acc += p;
    if (r < acc) return l;
  }
  return Object.keys(probs).at(-1)!;
}

function sample(n: number, lambda: number, seed: number): { v: ComparisonVector; match: boolean }[] {
  let s = seed;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  return Array.from({ length: n }, () => {
    const match = rnd() < lambda;
    const t = match ? M : U;
    return { v: { name: draw(t.name, rnd()), email: draw(t.email, rnd()) }, match };
  });
}

describe('Fellegi–Sunter weights by EM', () => {
  it('recovers u from random pairs and m and λ from unlabelled candidate pairs', () => {
    const random = sample(40_000, 0, 1).map((x) => x.v);
    const u = estimateU(random);
    expect(u.name!.different).toBeCloseTo(0.95, 2);
    const candidates = sample(60_000, 0.2, 2).map((x) => x.v);
    const model = estimateWeights(candidates, u);
    expect(model.converged).toBe(true);
    expect(model.lambda).toBeCloseTo(0.2, 1);
    expect(model.m.name!.exact).toBeCloseTo(0.7, 1);
    expect(model.m.email!.shared).toBeCloseTo(0.6, 1);
    expect(bayesFactor(model, 'name', 'exact')).toBeGreaterThan(30);
    expect(bayesFactor(model, 'name', 'different')).toBeLessThan(0.1);
  });

  it('orders pairs by evidence: agreement raises the weight, disagreement lowers it', () => {
    const model = estimateWeights(sample(30_000, 0.1, 3).map((x) => x.v), estimateU(sample(30_000, 0, 4).map((x) => x.v)));
    const strong = { name: 'exact', email: 'shared' };
    const weak = { name: 'fuzzy', email: 'missing' };
    const against = { name: 'different', email: 'differ' };
    expect(matchWeight(model, strong)).toBeGreaterThan(matchWeight(model, weak));
    expect(matchWeight(model, weak)).toBeGreaterThan(matchWeight(model, against));
    expect(matchProbability(model, strong)).toBeGreaterThan(0.99);
    expect(matchProbability(model, against)).toBeLessThan(0.01);
  });
});
