import { resolveRecords } from '../../src/resolve/resolve-records.js';
import type { PairDecision, ResolvedCluster } from '../../src/resolve/resolve-types.js';
import { companyRules } from '../../src/resolve/rules/company.rules.js';
import type { CompanySet } from './company-generator.js';
import { scoreAssignment } from './evaluate.js';

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

function assignment(clusters: readonly ResolvedCluster[]): Map<string, string> {
  const out = new Map<string, string>();
  clusters.forEach((c, i) => { for (const m of c.members) out.set(m, `e${i}`); });
  return out;
}

/**
 * The `company` entity type on a labelled company set: auto-merges alone, then after a person who knows the truth
 * answers the review queue (rounds until nothing new is asked), with recall per kind of variation.
 */
export function evaluateCompanies(set: CompanySet): Record<string, unknown> {
  const same = (a: string, b: string) => set.truth.get(a) === set.truth.get(b);
  const t0 = performance.now();
  const first = resolveRecords(set.records, [], companyRules);
  const ms = performance.now() - t0;
  const auto = scoreAssignment(assignment(first.clusters), set.truth);
  const decisions: PairDecision[] = [];
  const asked = new Set<string>();
  let final = first;
  for (let round = 0; round < 5; round++) {
    const fresh = final.review.filter((i) => !asked.has(`${i.a}\u0000${i.b}`));
    if (fresh.length === 0) break;
    for (const i of fresh) {
      asked.add(`${i.a}\u0000${i.b}`);
      decisions.push({ kind: same(i.a, i.b) ? 'approve' : 'reject', a: i.a, b: i.b });
    }
    final = resolveRecords(set.records, decisions, companyRules);
  }
  const after = scoreAssignment(assignment(final.clusters), set.truth);
  const autoOf = assignment(first.clusters);
  const finalOf = assignment(final.clusters);
  const byCompany = new Map<string, string[]>();
  for (const r of set.records) { const c = set.truth.get(r.id)!; byCompany.set(c, [...(byCompany.get(c) ?? []), r.id]); }
  const perTag = new Map<string, { pairs: number; auto: number; after: number }>();
  for (const ids of byCompany.values()) {
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = ids[i]!;
        const b = ids[j]!;
        const ts = new Set([...(set.tags.get(a) ?? []), ...(set.tags.get(b) ?? [])]);
        if (ts.size === 0) ts.add('clean');
        for (const t of ts) {
          const s = perTag.get(t) ?? { pairs: 0, auto: 0, after: 0 };
          s.pairs++;
          if (autoOf.get(a) === autoOf.get(b)) s.auto++;
          if (finalOf.get(a) === finalOf.get(b)) s.after++;
          perTag.set(t, s);
        }
      }
    }
  }
  const links = first.clusters.flatMap((c) => c.links);
  return {
    generator: 'companies', seed: set.seed, records: set.records.length, companies: byCompany.size, resolve_ms: Math.round(ms),
    auto_merge_precision: auto.pairwise_precision,
    auto_merge_link_precision: round(links.length ? links.filter((l) => same(l.a, l.b)).length / links.length : 1),
    auto, review_queue: first.review.length, review_queue_pct: round((100 * first.review.length) / set.records.length, 2),
    reviewed_total: asked.size, reviewed_total_pct: round((100 * asked.size) / set.records.length, 2), after_review: after,
    recall_per_variation: Object.fromEntries([...perTag.entries()].sort((x, y) => x[0].localeCompare(y[0]))
      .map(([t, s]) => [t, { pairs: s.pairs, auto: round(s.auto / s.pairs, 3), after_review: round(s.after / s.pairs, 3) }])),
  };
}
