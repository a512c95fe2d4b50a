import { findPhoneNumbersInText, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

const LABEL = /^\s*(?:phone|tel(?:ephone)?|ph|t)\s*[:.]?\s*/i;

function valid(text: string, country?: string): string | null {
  const p = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  return p && p.isValid() ? p.number : null;
}

/**
 * The locator's free-text phone as E.164, read in the country the distributor is listed in. People type numbers in
 * every way: national ("0331 73099-111"), international without "+" ("437752678", "48-32-721-86-72"), with the
 * international prefix "00", behind a label ("Phone: 800-…") or among other text ("CA, UT, OH: (888)604-5234").
 * Returns null when no valid number can be found; the raw text is kept by the caller.
 */
export function normaliseLocatorPhone(raw: string, country: string): string | null {
  const text = raw.replace(LABEL, '').trim();
  if (text === '') return null;
  const direct = valid(text, country);
  if (direct) return direct;
  const digits = text.replace(/\D/g, '');
  if (digits.length >= 7) {
    const intl = valid(`+${digits.startsWith('00') ? digits.slice(2) : digits}`);
    if (intl) return intl;
  }
  for (const found of findPhoneNumbersInText(text, country as CountryCode)) {
    if (found.number.isValid()) return found.number.number;
  }
  return null;
}
