import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * E.164 with the extension kept as part of the number's identity (`+15551234567;ext=12`): one office line with
 * different extensions belongs to different people. Returns null for empty input, `{ invalid }` when unparseable.
 */
export function normalisePhone(input: unknown, defaultRegion: string): string | null | { invalid: string } {
  if (input === null || input === undefined) return null;
  const raw = String(input).trim();
  if (raw === '') return null;
  const cleaned = raw.replace(/^(tel|phone|ph|mobile|mob|office|fax)\s*[:.]?\s*/i, '').replace(/^tel:/i, '');
  const parsed = parsePhoneNumberFromString(cleaned, defaultRegion as CountryCode);
  if (!parsed || !parsed.isPossible()) return { invalid: raw };
  return parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number;
}

/** Splits free text holding several numbers on `/` `,` `;` (not on spaces: numbers contain them). */
export function splitPhones(input: unknown, defaultRegion: string): { phones: string[]; invalid: string[] } {
  if (input === null || input === undefined) return { phones: [], invalid: [] };
  const parts = Array.isArray(input) ? input.map(String) : String(input).split(/[/,;]|\s+or\s+/i);
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
