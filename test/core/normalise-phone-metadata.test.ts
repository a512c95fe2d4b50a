import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { expect, it } from 'vitest';
import { normalisePhone } from '../../src/core/normalise-phone.js';

/** What normalisePhone returned when it parsed with the `max` metadata (the reference for stored values). */
function withMaxMetadata(raw: string, region: string): string | { invalid: string } {
  const p = parsePhoneNumberFromString(raw, region as CountryCode);
  if (!p || !p.isPossible()) return { invalid: raw };
  return p.ext ? `${p.number};ext=${p.ext}` : p.number;
}

it('normalisePhone (min metadata) gives what the max metadata gives, for every country\'s numbers and their variants', () => {
  // A different value would show up as a spurious "updated" change on every such stored record.
  let seed = 7;
  const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  let compared = 0;
  const differences: string[] = [];
  for (const country of getCountries()) {
    const ex = getExampleNumber(country, examples);
    if (!ex) continue;
    const cc = ex.countryCallingCode;
    const variants = [ex.formatInternational(), ex.formatNational(), ex.number, `+${cc} 0${ex.nationalNumber}`, `${ex.number} ext. 12`];
    for (let k = 0; k < 6; k++) {
      const digits = [...ex.nationalNumber].map((d, i) => (i > 1 && rnd() < 0.5 ? String(Math.floor(rnd() * 10)) : d)).join('');
      variants.push(`+${cc}${digits}`, digits, `+${cc} ${digits.slice(0, -1)}`, `+${cc}${digits}9`);
    }
    for (const v of variants) {
      for (const region of ['US', country]) {
        // Digits of one repeated value are a placeholder (null) before any parsing; both sides agree on that.
        const got = normalisePhone(v, region);
        if (got === null) continue;
        compared++;
        const want = withMaxMetadata(v.trim(), region);
        if (JSON.stringify(got) !== JSON.stringify(want)) differences.push(`${v} [${region}]: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
      }
    }
  }
  expect(compared).toBeGreaterThan(5_000);
  expect(differences).toEqual([]);
});
