import { namesOnePerson } from './compare-names.js';
import { isKnownGivenName } from './nicknames.js';
import type { EntityRules } from './entity-rules.js';
import { givenKey, identifierKey, type PreparedRecord } from './prepared-record.js';

interface Usage {
  readonly role: boolean;
  readonly records: PreparedRecord[];
}

/** The given name a mailbox spells out next to the family name: samuel.evans@, christinarussell89@ → [given, family]. */
function givenInMailbox(local: string, family: readonly string[]): [string, string][] {
  const bare = local.replace(/\d+$/, '');
  const out: [string, string][] = [];
  for (const f of family) {
    if (f.length < 3) continue;
    const at = bare.indexOf(f);
    if (at <= 0) continue;
    const g = bare.slice(0, at).replace(/[._-]+$/, '');
    if (isKnownGivenName(g)) out.push([g, f]);
  }
  return out;
}

/**
 * How many distinct people use each email and phone (term frequency, as Splink adjusts for it): the names on the
 * records carrying it, grouped so that "Bob Smith" and "Robert Smith" count once and a family or an office counts
 * each person. Role mailboxes (info@, team@) count as many people whatever the data shows. Also marks which given
 * names occur under each family name in the scope (`givenKey`), for the nickname-ambiguity check.
 */
export function countIdentifierPeople(records: readonly PreparedRecord[], rules: EntityRules): Map<string, number> {
  const roles = new Set(rules.roleMailboxes);
  const usage = new Map<string, Usage>();
  const add = (k: string, role: boolean, p: PreparedRecord) => {
    const u = usage.get(k);
    if (u) u.records.push(p);
    else usage.set(k, { role, records: [p] });
  };
  const out = new Map<string, number>();
  for (const p of records) {
    // Which given names live under which family name in the team: "Chris Bailey" is ambiguous when both a
    // Christopher and a Christina Bailey are there.
    if (p.name.tokens.length > 1) for (const f of p.name.family) out.set(givenKey(p.rec.scope, f, p.name.first), 1);
    for (const e of p.rec.emails) {
      const local = e.split('@')[0] ?? '';
      add(identifierKey(p.rec.scope, 'e', e), roles.has(local), p);
      // samuel.evans@… says a Samuel Evans works here, even when every record of him says "Sam".
      for (const [g, f] of givenInMailbox(local, p.name.family)) out.set(givenKey(p.rec.scope, f, g), 1);
    }
    for (const ph of p.rec.phones) add(identifierKey(p.rec.scope, 'p', ph), false, p);
  }
  for (const [key, u] of usage) {
    let people = 1;
    if (u.records.length > 1) {
      const reps: PreparedRecord[] = [];
      // Fullest names first, so that "Sam" cannot stand in for Samuel and Samantha and make them one person.
      const ordered = [...u.records].sort((a, b) => b.name.tokens.length - a.name.tokens.length || b.name.first.length - a.name.first.length);
      for (const p of ordered) {
        if (p.name.tokens.length === 0) continue;
        if (!reps.some((r) => namesOnePerson(r.name, p.name))) reps.push(p);
      }
      people = Math.max(1, reps.length);
    }
    out.set(key, u.role ? Math.max(people, rules.roleMailboxPeople) : people);
  }
  return out;
}
