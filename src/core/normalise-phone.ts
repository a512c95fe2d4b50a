// The `min` metadata: half the parse time of `max` (which adds per-type patterns, used only to tell apart countries
// sharing a calling code — the E.164 number and `isPossible()` do not depend on that). Same output as `max` on every
// country's example numbers and their variants (test/core/normalise-phone-metadata.test.ts).
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import { boundedMemo } from './bounded-memo.js';
import { isPlaceholder } from './placeholder-value.js';
import { textOf } from './text-of.js';

// Parsing a number costs tens of microseconds; files repeat the same numbers (an office line on many rows).
const CACHE_ENTRIES = 20_000;
const SEP = '\u0000';
const cached = boundedMemo((k: string) => parsePhone(k.slice(k.indexOf(SEP) + 1), k.slice(0, k.indexOf(SEP))), CACHE_ENTRIES);

/**
 * E.164 with the extension kept as part of the number's identity (`+15551234567;ext=12`): one office line with
 * different extensions belongs to different people. Returns null for empty input, `{ invalid }` when unparseable.
 */
export function normalisePhone(input: unknown, defaultRegion: string): string | null | { invalid: string } {
  if (isPlaceholder(input)) return null;
  const raw = textOf(input).trim();
  return cached(`${defaultRegion}${SEP}${raw}`);
}

function parsePhone(raw: string, defaultRegion: string): string | null | { invalid: string } {
  // 000-000-0000, 999-999-9999, 0: a number made of one repeated digit is a form's way of saying "none".
  const digits = raw.replace(/\D/g, '');
  if (digits.length > 0 && /^(\d)\1*$/.test(digits)) return null;
  const cleaned = raw.replace(/^(tel|phone|ph|mobile|mob|office|fax)\s*[:.]?\s*/i, '').replace(/^tel:/i, '');
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return { invalid: raw };
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
}

/** Splits free text holding several numbers on `/` `,` `;` (not on spaces: numbers contain them). */
export function splitPhones(input: unknown, defaultRegion: string): { phones: string[]; invalid: string[] } {
  // "N/A" as a whole is a placeholder, not the two bogus numbers "N" and "A".
  if (!Array.isArray(input) && isPlaceholder(input)) return { phones: [], invalid: [] };
  // A dialler pause before an extension (555-0100,,12) is an extension, not a list separator.
  const text = Array.isArray(input) ? '' : textOf(input).replace(/\s*,,+\s*(\d{1,6})\b/g, ' ext $1').replace(/(^|[\s,;])n\/a(?=$|[\s,;])/gi, '$1');
  const parts = Array.isArray(input) ? input.map(textOf) : text.split(/[/,;]|\s+or\s+/i);
  const phones: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    const n = normalisePhone(p, defaultRegion);
    if (n === null) continue;
    if (typeof n === 'object') invalid.push(n.invalid);
    else if (!phones.includes(n)) phones.push(n);
  }
  return { phones, invalid };
}
