import { compareNames } from './compare-names.js';
import type { ComparisonVector } from './estimate-weights.js';
import { identifierKey, type PreparedRecord } from './prepared-record.js';

/**
 * A pair as Fellegi–Sunter comparison levels: how the names compare once parsed, and whether an email and a phone
 * are shared (by this person only, or by several people: term frequency), disagree or are missing on a side.
 */
export function comparisonVector(x: PreparedRecord, y: PreparedRecord, people: ReadonlyMap<string, number>): ComparisonVector {
  const c = compareNames(x.name, y.name);
  const name = c.relation === 'exact' ? (c.subset ? 'exact_subset' : 'exact')
    : c.relation === 'fuzzy' ? (c.typo ? 'typo' : c.nickname ? 'nickname' : 'initial')
    : c.relation;
  const ident = (kind: 'e' | 'p', a: readonly string[], b: readonly string[]) => {
    if (a.length === 0 || b.length === 0) return 'missing';
    const shared = a.filter((v) => b.includes(v));
    if (shared.length === 0) return 'differ';
    const least = Math.min(...shared.map((v) => people.get(identifierKey(x.rec.scope, kind, v)) ?? 1));
    return least > 1 ? 'shared_common' : 'shared';
  };
  return { name, email: ident('e', x.rec.emails, y.rec.emails), phone: ident('p', x.rec.phones, y.rec.phones) };
}
