import { textOf } from './text-of.js';
/**
 * Values people type into a required field when they have nothing to put there ("N/A", "none", "-", "TBD"): they
 * mean *empty*, never a value. Compared after trimming and lower-casing; punctuation-only text counts too.
 */
const PLACEHOLDERS = new Set([
  'n/a', 'n.a.', 'n.a', 'na', 'none', 'null', 'nil', 'nan', 'undefined', 'unknown', 'tbd', 'tba', 'not available',
  'no email', 'no phone', 'noemail', 'nophone', 'not provided', 'not applicable', 'missing', 'empty', 'blank', 'x', 'xx', 'xxx',
]);

export function isPlaceholder(input: unknown): boolean {
  if (input === null || input === undefined) return true;
  const s = textOf(input).trim().toLowerCase();
  if (s === '') return true;
  if (/^[\s\-–—_.?*/\\#]+$/.test(s)) return true;
  return PLACEHOLDERS.has(s);
}
