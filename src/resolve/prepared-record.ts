import type { EntityRules } from './entity-rules.js';
import { nameFeatures, type NameFeatures } from './name-features.js';
import type { ResolvableRecord } from './resolve-types.js';

/** A record with its comparison features computed once. */
export interface PreparedRecord {
  readonly rec: ResolvableRecord;
  readonly name: NameFeatures;
}

export function prepareRecord(rec: ResolvableRecord): PreparedRecord {
  return { rec, name: nameFeatures(rec.name) };
}

const SEP = '\u001f';

/**
 * Blocking keys, always inside the record's scope (team): each email, each phone (extension included), each surname
 * token, the phonetic code of the family name and the nickname group of the given name.
 */
export function blockingKeys(p: PreparedRecord): string[] {
  const s = p.rec.scope;
  const keys = new Set<string>();
  for (const e of p.rec.emails) keys.add(`${s}${SEP}e:${e}`);
  for (const ph of p.rec.phones) keys.add(`${s}${SEP}p:${ph}`);
  // The given name is covered by its nickname group (equal names share a group key); a one-word name keeps its token
  // so that "Smith" still meets "John Smith".
  const tokens = p.name.tokens.length > 1 ? p.name.family : p.name.tokens;
  for (const t of tokens) if (t.length > 1) keys.add(`${s}${SEP}t:${t}`);
  // The whole team: within a team of ordinary size every pair is compared, so no spelling of a name can hide a
  // person from the scorer (blocks larger than `maxScopeBlock` produce no pairs; the keys above still do).
  if (s !== '') keys.add(scopeBlockKey(s));
  if (p.name.lastPhonetic) keys.add(`${s}${SEP}ph:${p.name.lastPhonetic}`);
  if (p.name.givenKey.length > 1) keys.add(`${s}${SEP}g:${p.name.givenKey}`);
  return [...keys];
}

export function scopeBlockKey(scope: string): string {
  return `${scope}${SEP}*`;
}

/** The most records a block may hold and still produce candidate pairs. */
export function blockLimit(key: string, rules: EntityRules): number {
  return key.endsWith(`${SEP}*`) ? rules.maxScopeBlock ?? DEFAULT_SCOPE_BLOCK : rules.maxBlockSize;
}

/** Every pair inside a team of up to this many records is compared (about 45 k comparisons at most). */
export const DEFAULT_SCOPE_BLOCK = 300;

/** Key of the given names present under a family name in a scope (for telling whether a nickname is ambiguous). */
export function givenKey(scope: string, family: string, given: string): string {
  return `${scope}${SEP}gf:${family}:${given}`;
}

export function identifierKey(scope: string, kind: 'e' | 'p', value: string): string {
  return `${scope}${SEP}${kind}:${value}`;
}

/** Marks a name two people in a scope carry (see `countIdentifierPeople`). */
export function namesakeKey(scope: string, sortedName: string): string {
  return `${scope}${SEP}ns:${sortedName}`;
}
