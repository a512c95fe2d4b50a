import { compareNames, type NameComparison } from './compare-names.js';
import type { EntityRules } from './entity-rules.js';
import { ambiguousShortForm, givenNameForms, sameGivenName } from './nicknames.js';
import { givenKey, identifierKey, namesakeKey, type PreparedRecord } from './prepared-record.js';
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
 * A nickname that could stand for someone else in the team under the same family name: "Chris Bailey" against
 * Christopher Bailey while a Christina Bailey works there too.
 */
function ambiguousNickname(x: PreparedRecord, y: PreparedRecord, names: NameComparison, people: ReadonlyMap<string, number>): boolean {
  const families = [...new Set([...x.name.family, ...y.name.family])];
  const present = (g: string) => families.some((f) => people.has(givenKey(x.rec.scope, f, g)));
  if (names.relation === 'exact') {
    // "Alex Sanchez" twice, while an Alexander and an Alexandra Sanchez both work here: either could be either.
    const fits = givenNameForms(x.name.first).filter(present);
    return fits.some((f, i) => fits.slice(i + 1).some((g) => !sameGivenName(f, g)));
  }
  if (!names.givens) return false;
  const [ga, gb] = names.givens;
  for (const [short, full] of [[ga, gb], [gb, ga]] as const) {
    for (const g of givenNameForms(short)) {
      if (g === full || sameGivenName(g, full)) continue;
      if (present(g)) return true;
    }
  }
  return false;
}

/** What every identifier tier of one pair needs to know (module-level helpers: no closures per pair in the hot loop). */
interface PairContext {
  readonly scope: string;
  readonly names: NameComparison;
  readonly namesAgree: boolean;
  readonly ambiguous: boolean;
  readonly people: ReadonlyMap<string, number>;
  readonly rules: EntityRules;
  readonly cands: Candidate[];
}

/** Only personal identifiers can disagree: an office line or a team mailbox says nothing about who someone is. */
function hasPersonal(scope: string, people: ReadonlyMap<string, number>, kind: 'e' | 'p', values: readonly string[]): boolean {
  for (const v of values) if ((people.get(identifierKey(scope, kind, v)) ?? 1) === 1) return true;
  return false;
}

function identifiersDiffer(scope: string, people: ReadonlyMap<string, number>, kind: 'e' | 'p', xs: readonly string[], ys: readonly string[]): boolean {
  if (xs.length === 0 || ys.length === 0) return false;
  for (const v of xs) if (ys.includes(v)) return false;
  return hasPersonal(scope, people, kind, xs) && hasPersonal(scope, people, kind, ys);
}

function identifierTier(c: PairContext, kind: 'e' | 'p', values: string[], tierScore: number, tier: MatchTier, otherKindDiffers: boolean): void {
  if (values.length === 0) return;
  const { names, rules } = c;
  // Names that disagree make a shared phone nothing (a family's home line, an office); a shared mailbox is still
  // worth a person's look (a spelling the name parser cannot reconcile), never a merge.
  if (names.relation === 'different') {
    if (kind === 'p') return;
    const v = values.find((e) => !rules.roleMailboxes.includes(e.split('@')[0] ?? ''));
    if (v) c.cands.push({ score: rules.autoMergeAbove - 5, tier, reasons: [`email ${v}`, 'names disagree'] });
    return;
  }
  // The least shared of the common identifiers is the strongest evidence.
  let best: Candidate | null = null;
  for (const v of values) {
    const n = c.people.get(identifierKey(c.scope, kind, v)) ?? 1;
    let s = tierScore - rules.sharedPenalty * Math.log2(n);
    const reasons = [`${kind === 'e' ? 'email' : 'phone'} ${v}${n > 1 ? ` (used by ${n} people)` : ''}`];
    if ((!c.namesAgree && n > 1) || (names.relation !== 'exact' && (n > 1 || otherKindDiffers)) || (c.ambiguous && (kind === 'p' || n > 1))) {
      // Without names to confirm it, a shared line or mailbox — or a phone with two different personal emails
      // (a family's home line) — cannot say which person a record is; nor can a nickname two people of the
      // family answer to (Sam for Samuel and Samantha on their home line). A personal mailbox only one person uses
      // still names them, nickname or not.
      s = Math.min(s, rules.autoMergeAbove - 5);
      reasons.push(c.ambiguous ? `nickname ${names.givens?.join(' / ')} fits more than one person here` : `names ${names.relation}${otherKindDiffers ? `, ${kind === 'e' ? 'phones' : 'emails'} differ` : ''}`);
    }
    s = Math.round(s);
    if (!best || s > best.score) best = { score: s, tier, reasons };
  }
  if (best) c.cands.push(best);
}

/**
 * Scores one candidate pair: every tier that applies is computed and the best wins. Identifier tiers are weakened by
 * how many people use the identifier and ignored when the names disagree (a family phone, an office mailbox); name
 * tiers are weakened by identifiers both records have and disagree on (namesakes). Returns null below the floor.
 */
export function scorePair(x: PreparedRecord, y: PreparedRecord, people: ReadonlyMap<string, number>, rules: EntityRules): PairScore | null {
  if (x.rec.scope !== y.rec.scope) return null;
  const names = compareNames(x.name, y.name);
  const sharedEmails = shared(x.rec.emails, y.rec.emails);
  const sharedPhones = shared(x.rec.phones, y.rec.phones);
  // Nothing shared and names that disagree: no tier can apply (the common case inside a team), so stop here.
  if (names.relation === 'different' && sharedEmails.length === 0 && sharedPhones.length === 0) return null;
  const scope = x.rec.scope;
  const cands: Candidate[] = [];
  const emailsDiffer = identifiersDiffer(scope, people, 'e', x.rec.emails, y.rec.emails);
  const phonesDiffer = identifiersDiffer(scope, people, 'p', x.rec.phones, y.rec.phones);
  const namesAgree = names.relation === 'exact' || names.relation === 'fuzzy';
  const ambiguous = (names.nickname || names.relation === 'exact') && ambiguousNickname(x, y, names, people);
  // Sam / Samantha, Alex / Alexander: a short form that two different full names share says less than Bob / Robert,
  // whoever else the team shows (the other Sam may only ever appear as "Sam").
  const sharedShortForm = names.nickname && names.givens !== null && names.givens.some(ambiguousShortForm);
  const c: PairContext = { scope, names, namesAgree, ambiguous, people, rules, cands };
  identifierTier(c, 'e', sharedEmails, rules.tiers.email, 'email', phonesDiffer);
  identifierTier(c, 'p', sharedPhones, rules.tiers.phone, 'phone', emailsDiffer);
  if (namesAgree) {
    const conflicts: string[] = [];
    if (emailsDiffer) conflicts.push('emails differ');
    if (phonesDiffer) conflicts.push('phones differ');
    const exact = names.relation === 'exact';
    // An unambiguous nickname with the same family name, no typo and no bare initial is nearly as strong as the
    // same name; everything else fuzzy stays at the fuzzy tier (reviewed).
    const strongNickname = names.nickname && !ambiguous && !sharedShortForm && !names.typo && !names.initial;
    let base = exact ? rules.tiers.exactName : strongNickname ? rules.nicknameScore ?? rules.tiers.fuzzyName : rules.tiers.fuzzyName;
    // Two people of this name work here and nothing but the name joins these two records: which one is it?
    const namesake = sharedEmails.length === 0 && sharedPhones.length === 0
      && (people.has(namesakeKey(scope, x.name.sorted)) || people.has(namesakeKey(scope, y.name.sorted)));
    if (exact && ambiguous) base = Math.min(base, rules.autoMergeAbove);
    // "Pat Holmes" twice with different phones: Patrick and Patricia both answer to it; a disagreeing identifier decides.
    else if (exact && conflicts.length > 0 && ambiguousShortForm(x.name.first)) base = Math.min(base, rules.autoMergeAbove + rules.conflictPenalty * conflicts.length);
    // Alberto Herrera / Alberto Vargas Herrera: the same person, or two of a family; one disagreeing identifier decides.
    else if (exact && names.subset) base -= rules.conflictPenalty;
    const detail = [names.nickname ? `nickname ${names.givens?.join(' / ')}` : '', ambiguous ? 'ambiguous in this team' : '',
      names.typo ? 'spelling differs' : '', names.initial ? 'initial only' : '', namesake ? 'two people here have this name' : ''].filter(Boolean).join(', ');
    const reasons = [
      exact ? `same name and team${ambiguous ? ` (${x.name.first} fits more than one person here)` : namesake ? ' (two people here have this name)' : names.subset ? ' (one has more names)' : ''}` : `similar name (${names.similarity.toFixed(2)}${detail ? `, ${detail}` : ''})`,
      ...conflicts,
    ];
    const score = base - rules.conflictPenalty * conflicts.length;
    cands.push({ score: namesake ? Math.min(score, rules.autoMergeAbove) : score, tier: exact ? 'exact_name' : 'fuzzy_name', reasons });
  }
  if (cands.length === 0) return null;
  cands.sort((p, q) => q.score - p.score || TIER_ORDER.indexOf(p.tier) - TIER_ORDER.indexOf(q.tier));
  const top = cands[0]!;
  if (top.score < rules.reviewFloor) return null;
  const [a, b] = x.rec.id < y.rec.id ? [x.rec.id, y.rec.id] : [y.rec.id, x.rec.id];
  return { a, b, score: top.score, tier: top.tier, reasons: top.reasons };
}
