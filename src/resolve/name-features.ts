import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { givenNameKey } from './nicknames.js';

export interface NameFeatures {
  /** Lower-case, accents and punctuation removed, single spaces. */
  readonly norm: string;
  readonly tokens: readonly string[];
  readonly first: string;
  /** Surname tokens (everything after the first token); empty for a one-word name. */
  readonly rest: readonly string[];
  /** Tokens sorted: "smith john" and "john smith" compare equal. */
  readonly sorted: string;
  /** Primary double-metaphone code of the last token. */
  readonly lastPhonetic: string;
  readonly givenKey: string;
  /** Primary double-metaphone code of each surname token (same order as `rest`). */
  readonly restPhonetic: readonly string[];
}

// Names repeat a lot (a few thousand surnames cover most people): memoise the phonetic code, bounded.
const PHONETIC = new Map<string, string>();
export function phoneticCode(token: string): string {
  let v = PHONETIC.get(token);
  if (v === undefined) {
    if (PHONETIC.size > 200_000) PHONETIC.clear();
    v = doubleMetaphone(token)[0];
    PHONETIC.set(token, v);
  }
  return v;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'jr', 'sr', 'ii', 'iii', 'iv', 'esq', 'phd', 'md']);

export function nameFeatures(raw: string): NameFeatures {
  let s = raw.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  // "Smith, John" is the same name as "John Smith".
  const comma = s.indexOf(',');
  if (comma > 0) s = `${s.slice(comma + 1)} ${s.slice(0, comma)}`;
  s = s.replace(/[^\p{L}\p{N}'\s-]/gu, ' ').replace(/['’]/g, '').replace(/-/g, ' ');
  const tokens = s.split(/\s+/).filter((t) => t && !HONORIFICS.has(t));
  const first = tokens[0] ?? '';
  const last = tokens.length > 1 ? tokens[tokens.length - 1]! : '';
  return {
    norm: tokens.join(' '),
    tokens,
    first,
    rest: tokens.slice(1),
    sorted: [...tokens].sort().join(' '),
    lastPhonetic: last ? phoneticCode(last) : '',
    givenKey: first ? givenNameKey(first) : '',
    restPhonetic: tokens.slice(1).map(phoneticCode),
  };
}
