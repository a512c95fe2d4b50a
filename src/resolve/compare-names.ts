import { distance as levenshtein } from 'fastest-levenshtein';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import type { NameFeatures } from './name-features.js';
import { sameGivenName } from './nicknames.js';
import { trigramSimilarity } from './trigram-similarity.js';

/**
 * exact: same tokens, ignoring case, spacing, punctuation and order · fuzzy: given and family names each agree up to
 * a nickname, an initial or a small typo · partial: a one-word name that is part of the other · missing: no name on
 * one side · different: the names disagree (namesakes are `exact`; a family's members are `different`).
 */
export type NameRelation = 'exact' | 'fuzzy' | 'partial' | 'missing' | 'different';

export interface NameComparison {
  readonly relation: NameRelation;
  /** max(Jaro-Winkler, trigram similarity) of the normalised names, 0–1 (0 when `different`: not worth computing). */
  readonly similarity: number;
  readonly nickname: boolean;
}

const sortedLetters = (s: string) => [...s].sort().join('');

function closeSpelling(a: string, b: string, samePhonetic: boolean): boolean {
  if (Math.min(a.length, b.length) < 3 || Math.abs(a.length - b.length) > 2) return false;
  // A transposition (ford / fodr) is one slip, not two edits.
  const d = a.length === b.length && sortedLetters(a) === sortedLetters(b) ? 1 : levenshtein(a, b);
  if (d > 2 || d >= Math.min(a.length, b.length) / 2) return false;
  return samePhonetic || jaroWinkler(a, b) >= 0.9;
}

function givenAgrees(a: string, b: string): 'same' | 'nickname' | 'close' | null {
  if (a === b) return 'same';
  if (sameGivenName(a, b)) return 'nickname';
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 'close';
  // A typo in a given name must not turn mark into mary: demand a high Jaro-Winkler *and* a small edit distance.
  // A transposition (micheal / michael) is one slip of the keyboard, not two.
  if (Math.min(a.length, b.length) >= 3 && jaroWinkler(a, b) >= 0.9) {
    if (levenshtein(a, b) <= 1 || sortedLetters(a) === sortedLetters(b)) return 'close';
  }
  return null;
}

function familyAgrees(a: NameFeatures, b: NameFeatures): boolean {
  for (let i = 0; i < a.rest.length; i++) {
    for (let j = 0; j < b.rest.length; j++) {
      const x = a.rest[i]!;
      const y = b.rest[j]!;
      if (x === y || closeSpelling(x, y, a.restPhonetic[i] === b.restPhonetic[j])) return true;
    }
  }
  return false;
}

/** max(Jaro-Winkler, trigram similarity): computed only where a reviewer will read it. */
function similarityOf(a: NameFeatures, b: NameFeatures): number {
  return Math.max(jaroWinkler(a.norm, b.norm), trigramSimilarity(a.sorted, b.sorted));
}

const DIFFERENT: NameComparison = { relation: 'different', similarity: 0, nickname: false };

export function compareNames(a: NameFeatures, b: NameFeatures): NameComparison {
  if (a.tokens.length === 0 || b.tokens.length === 0) return { relation: 'missing', similarity: 0, nickname: false };
  if (a.norm === b.norm || a.sorted === b.sorted) return { relation: 'exact', similarity: 1, nickname: false };
  if (a.tokens.length === 1 || b.tokens.length === 1) {
    const [one, other] = a.tokens.length === 1 ? [a, b] : [b, a];
    const t = one.first;
    const part = givenAgrees(t, other.first) !== null || other.rest.includes(t);
    return part ? { relation: 'partial', similarity: similarityOf(a, b), nickname: false } : DIFFERENT;
  }
  const given = givenAgrees(a.first, b.first);
  if (given !== null && familyAgrees(a, b)) {
    return { relation: 'fuzzy', similarity: similarityOf(a, b), nickname: given === 'nickname' };
  }
  return DIFFERENT;
}

/** Names that may belong to one person (anything but `different`). */
export function namesCompatible(a: NameFeatures, b: NameFeatures): boolean {
  return compareNames(a, b).relation !== 'different';
}
