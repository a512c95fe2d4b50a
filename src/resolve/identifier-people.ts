import { namesCompatible } from './compare-names.js';
import type { EntityRules } from './entity-rules.js';
import { identifierKey, type PreparedRecord } from './prepared-record.js';

interface Usage {
  readonly role: boolean;
  readonly records: PreparedRecord[];
}

/**
 * How many distinct people use each email and phone (term frequency, as Splink adjusts for it): the names on the
 * records carrying it, grouped so that "Bob Smith" and "Robert Smith" count once and a family or an office counts
 * each person. Role mailboxes (info@, team@) count as many people whatever the data shows.
 */
export function countIdentifierPeople(records: readonly PreparedRecord[], rules: EntityRules): Map<string, number> {
  const roles = new Set(rules.roleMailboxes);
  const usage = new Map<string, Usage>();
  const add = (k: string, role: boolean, p: PreparedRecord) => {
    const u = usage.get(k);
    if (u) u.records.push(p);
    else usage.set(k, { role, records: [p] });
  };
  for (const p of records) {
    for (const e of p.rec.emails) add(identifierKey(p.rec.scope, 'e', e), roles.has(e.split('@')[0] ?? ''), p);
    for (const ph of p.rec.phones) add(identifierKey(p.rec.scope, 'p', ph), false, p);
  }
  const out = new Map<string, number>();
  for (const [key, u] of usage) {
    let people = 1;
    if (u.records.length > 1) {
      const reps: PreparedRecord[] = [];
      for (const p of u.records) {
        if (p.name.tokens.length === 0) continue;
        if (!reps.some((r) => namesCompatible(r.name, p.name))) reps.push(p);
      }
      people = Math.max(1, reps.length);
    }
    out.set(key, u.role ? Math.max(people, rules.roleMailboxPeople) : people);
  }
  return out;
}
