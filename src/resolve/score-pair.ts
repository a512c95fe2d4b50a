import { compareNames } from './compare-names.js';
import type { EntityRules } from './entity-rules.js';
import { identifierKey, type PreparedRecord } from './prepared-record.js';
import type { MatchTier, PairScore } from './resolve-types.js';

interface Candidate {
  readonly score: number;
  readonly tier: MatchTier;
  readonly reasons: string[];
}

const TIER_ORDER: readonly MatchTier[] = ['human', 'email', 'phone', 'exact_name', 'fuzzy_name'];

function shared(a: readonly string[], b: readonly string[]): string[] {
  return a.filter((x) => b.includes(x));
}

/**
 * Scores one candidate pair: every tier that applies is computed and the best wins. Identifier tiers are weakened by
 * how many people use the identifier and ignored when the names disagree (a family phone, an office mailbox); name
 * tiers are weakened by identifiers both records have and disagree on (namesakes). Returns null below the floor.
 */
export function scorePair(x: PreparedRecord, y: PreparedRecord, people: ReadonlyMap<string, number>, rules: EntityRules): PairScore | null {
  if (x.rec.scope !== y.rec.scope) return null;
  const names = compareNames(x.name, y.name);
  const cands: Candidate[] = [];
  // Only personal identifiers can disagree: an office line or a team mailbox says nothing about who someone is.
  const personal = (kind: 'e' | 'p', values: readonly string[]) =>
    values.filter((v) => (people.get(identifierKey(x.rec.scope, kind, v)) ?? 1) === 1);
  const differ = (kind: 'e' | 'p', xs: readonly string[], ys: readonly string[]) =>
    shared(xs, ys).length === 0 && personal(kind, xs).length > 0 && personal(kind, ys).length > 0;
  const emailsDiffer = differ('e', x.rec.emails, y.rec.emails);
  const phonesDiffer = differ('p', x.rec.phones, y.rec.phones);
  const namesAgree = names.relation === 'exact' || names.relation === 'fuzzy';
  const identifier = (kind: 'e' | 'p', values: string[], tierScore: number, tier: MatchTier, otherKindDiffers: boolean) => {
    if (values.length === 0) return;
    if (names.relation === 'different') return;
    // The least shared of the common identifiers is the strongest evidence.
    let best: Candidate | null = null;
    for (const v of values) {
      const n = people.get(identifierKey(x.rec.scope, kind, v)) ?? 1;
      let s = tierScore - rules.sharedPenalty * Math.log2(n);
      const reasons = [`${kind === 'e' ? 'email' : 'phone'} ${v}${n > 1 ? ` (used by ${n} people)` : ''}`];
      if (!namesAgree && (n > 1 || otherKindDiffers)) {
        // Without names to confirm it, a shared line or mailbox — or a phone with two different personal emails
        // (a family's home line) — cannot say which person a record is.
        s = Math.min(s, rules.autoMergeAbove - 5);
        reasons.push(`names ${names.relation}${otherKindDiffers ? `, ${kind === 'e' ? 'phones' : 'emails'} differ` : ''}`);
      }
      s = Math.round(s);
      if (!best || s > best.score) best = { score: s, tier, reasons };
    }
    if (best) cands.push(best);
  };
  identifier('e', shared(x.rec.emails, y.rec.emails), rules.tiers.email, 'email', phonesDiffer);
  identifier('p', shared(x.rec.phones, y.rec.phones), rules.tiers.phone, 'phone', emailsDiffer);
  if (namesAgree) {
    const conflicts: string[] = [];
    if (emailsDiffer) conflicts.push('emails differ');
    if (phonesDiffer) conflicts.push('phones differ');
    const exact = names.relation === 'exact';
    const base = exact ? rules.tiers.exactName : rules.tiers.fuzzyName;
    const reasons = [
      exact ? 'same name and team' : `similar name (${names.similarity.toFixed(2)}${names.nickname ? ', nickname' : ''})`,
      ...conflicts,
    ];
    cands.push({ score: base - rules.conflictPenalty * conflicts.length, tier: exact ? 'exact_name' : 'fuzzy_name', reasons });
  }
  if (cands.length === 0) return null;
  cands.sort((p, q) => q.score - p.score || TIER_ORDER.indexOf(p.tier) - TIER_ORDER.indexOf(q.tier));
  const top = cands[0]!;
  if (top.score < rules.reviewFloor) return null;
  const [a, b] = x.rec.id < y.rec.id ? [x.rec.id, y.rec.id] : [y.rec.id, x.rec.id];
  return { a, b, score: top.score, tier: top.tier, reasons: top.reasons };
}
