import type { RegionPair } from './region-pairs.js';

const US_STATES: Record<string, string> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', DC: 'District of Columbia', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois',
  IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland',
  MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana',
  NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York',
  NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania',
  RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah',
  VT: 'Vermont', VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
};
const CA_PROVINCES: Record<string, string> = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: 'Yukon',
};

// Locales whose country names turn up at the end of addresses ("Danmark", "Norge", "Deutschland", "España", …).
const NAME_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'da', 'nb', 'sv', 'fi', 'cs', 'sk', 'hu', 'tr', 'ro',
  'bg', 'hr', 'sr-Latn', 'sl', 'sq', 'et', 'lv', 'lt', 'el', 'uk', 'id', 'ms', 'vi'];
const ALIASES: Record<string, readonly string[]> = {
  US: ['usa', 'u.s.a', 'us', 'u.s', 'united states of america'], GB: ['uk', 'u.k', 'england', 'scotland', 'wales', 'great britain'],
  CZ: ['czech republic', 'czechia'], KR: ['korea', 'republic of korea'], AE: ['uae', 'u.a.e', 'dubai - uae'], MO: ['macao'],
  NL: ['holland', 'the netherlands'], MK: ['macedonia', 'north macedonia'], CD: ['drc', 'dr congo'], TR: ['turkiye'],
};

const fold = (s: string): string =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[.\s]+$/, '').replace(/\s+/g, ' ').trim();

let allCountryNames: Set<string> | undefined;

/**
 * Country names in the languages addresses are written in, for every ISO country: a distributor listed under one
 * country often has its address in another ("Allnet Norge", listed in Norway, writes Denmark).
 */
function countryNames(): Set<string> {
  if (allCountryNames) return allCountryNames;
  const names = new Set<string>(Object.values(ALIASES).flat());
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const locale of NAME_LOCALES) {
    let dn: Intl.DisplayNames;
    try {
      dn = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    } catch {
      continue; // a runtime without this locale's data: the others still apply
    }
    for (const a of letters) {
      for (const b of letters) {
        const n = dn.of(a + b);
        if (n) names.add(fold(n));
      }
    }
  }
  allCountryNames = names;
  return names;
}

const STREET_WORD =
  /\b(street|st|road|rd|avenue|ave|av|avenida|blvd|boulevard|drive|dr|lane|ln|way|hwy|highway|pkwy|parkway|suite|ste|unit|floor|fl|building|bldg|no|rue|via|viale|calle|rua|ul|al|plaza|piso|km|box|p\.?o)\b\.?|stra(ss|ß)e\b|str\.|gatan\b|gade\b|vej\b|veien\b|straat\b|weg\b|tie\b|torget\b|\bkatu\b/i;

const NA_STREET_TOKEN = /^(st|street|rd|road|ave|avenue|blvd|dr|drive|ln|lane|way|hwy|pkwy|ct|pl|ste|suite|unit|#)\.?$/i;

function titleCaseIfShouting(s: string): string {
  if (s.length <= 3 || s !== s.toUpperCase() || !/[A-Z]/.test(s)) return s;
  return s.toLowerCase().replace(/(^|[\s'(-])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
}

function plausibleCity(s: string): boolean {
  const t = s.trim();
  return t.length >= 2 && t.length <= 50 && /\p{L}{2}/u.test(t) && !/\d/.test(t) && !STREET_WORD.test(t) && !countryNames().has(fold(t));
}

function northAmericanCity(segments: readonly string[], region: 'usa' | 'can'): string | null {
  const table = region === 'usa' ? US_STATES : CA_PROVINCES;
  const states = [...Object.keys(table), ...Object.values(table)].sort((a, b) => b.length - a.length).join('|');
  const zip = region === 'usa' ? '\\d{5}(?:-\\d{4})?' : '[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d';
  const re = new RegExp(`([^,\\d]*\\p{L}[^,\\d]*?)\\s*,?\\s+(?:${states})\\.?\\s*,?\\s*(?:${zip})\\b`, 'iu');
  const m = re.exec(segments.join(', '));
  if (!m?.[1]) return null;
  // A one-line address puts the street before the city: keep the words after the last street token.
  const words = m[1].trim().split(/\s+/);
  let from = 0;
  words.forEach((w, i) => {
    if (NA_STREET_TOKEN.test(w)) from = i + 1;
  });
  const city = words.slice(from).join(' ').replace(/^[,.\s]+|[,.\s]+$/g, '');
  return city && plausibleCity(city) ? titleCaseIfShouting(city) : null;
}

const POSTCODE_FIRST = /^(?:[A-Z]{1,3}[- ]?)?\d{2,}(?:[-\s]\d{2,3})?(?:\s?[A-Z]{2}(?=\s))?\s*[-–]?\s*(\D.*)$/u;
const CITY_FIRST = /^(\D+?)\s*,?\s+((?:[A-Z]{1,3}[- ]?)?\d[\dA-Z\s-]*)$/u;
const POSTCODE_ONLY = /^(?:[A-Z]{1,3}[- ]?)?\d[\d\s-]*[A-Z]{0,2}$/u;

/**
 * The city of a free-text locator address, where it can be told: US/Canadian "City, ST 12345" forms, European
 * "12345 City" and "City 12345" lines, a bare postcode next to the city, or the last line that is neither street
 * nor country. Returns null rather than guess a street or a country.
 */
export function parseCity(address: string | null, pair: RegionPair): string | null {
  if (!address) return null;
  const names = countryNames();
  const segments = address
    .split(/\r?\n|\r|,|\|/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s !== '' && !names.has(fold(s)));
  if (segments.length === 0) return null;
  if (pair.region === 'usa' || pair.region === 'can') return northAmericanCity(segments, pair.region);

  const ok = (s: string | undefined): s is string => s !== undefined && plausibleCity(s);
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i] as string;
    const first = POSTCODE_FIRST.exec(seg)?.[1]?.trim();
    if (ok(first)) return titleCaseIfShouting(first);
    const last = CITY_FIRST.exec(seg)?.[1]?.trim();
    if (i > 0 && ok(last)) return titleCaseIfShouting(last);
    if (POSTCODE_ONLY.test(seg)) {
      const next = segments[i + 1];
      if (ok(next)) return titleCaseIfShouting(next);
      const prev = i > 1 ? segments[i - 1] : undefined;
      if (ok(prev)) return titleCaseIfShouting(prev);
    }
  }
  for (let i = segments.length - 1; i >= 1; i--) {
    const seg = segments[i];
    if (ok(seg)) return titleCaseIfShouting(seg);
  }
  return null;
}
