import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { trigramSimilarity } from '../trigram-similarity.js';

const LEGAL = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'co', 'corp', 'corporation', 'company', 'pllc', 'pc', 'pa', 'lp', 'llp', 'plc', 'gmbh']);

/** A customer's name for matching: lower case, no accents, `&` → and, no punctuation, no legal suffixes, no leading "the". */
export function normaliseCustomerName(raw: string): string {
  const words = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL.has(words[words.length - 1]!)) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

/** 0–1 similarity of two normalised names: the better of Jaro-Winkler and pg_trgm-style trigram similarity. */
export function customerNameSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  return Math.max(jaroWinkler(a, b), trigramSimilarity(a, b));
}
