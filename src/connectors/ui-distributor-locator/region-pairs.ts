/**
 * The locator's regions and the static fallback of region/country-state pairs known to list distributors
 * (shared/upstreams/ui-distributor-locator.md: 8 regions, 131 pairs). Discovery from the page's `mainRegionsData`
 * replaces it at run time; it is used only when discovery fails.
 */
export const UI_REGIONS = ['af', 'as', 'aus-nzl', 'can', 'eur', 'lat-a', 'mid-e', 'usa'] as const;
export type UiRegion = (typeof UI_REGIONS)[number];

/** One region/country-state pair. `CA` under `usa` is California, not Canada: a code only means something with its region. */
export interface RegionPair {
  readonly region: string;
  readonly code: string;
  /** The country/state name as the site's menu shows it, when read from the page. */
  readonly name?: string;
}

const FALLBACK: Record<UiRegion, string> = {
  af: 'CD GH KE LY NA NG ZA TZ UG ZW',
  as: 'BD BN KH CN HK IN ID JP KZ MO MY MV MN MM NP PK PH SG KR LK TW TH UZ VN',
  'aus-nzl': 'AU NZ',
  can: 'AB BC ON QC',
  eur: 'AL AM AT AZ BE BA BG HR CY CZ DK EE FI FR GE DE GR HU IE IT XK LV LT LU MK MT MD ME NL NO PL PT RO RS SK SI ES SE CH TR UA GB',
  'lat-a': 'AR BR MX VE CO PE CL EC BO PY UY GY SR GF CR PA DO GT HN SV BS BB JM TT',
  'mid-e': 'BH IQ IL JO LB OM SA AE YE KW QA',
  usa: 'CA FL IL MD MO NJ NY NC OH OR PA SC TX UT',
};

export const FALLBACK_PAIRS: readonly RegionPair[] = Object.freeze(
  UI_REGIONS.flatMap((region) => FALLBACK[region].split(' ').map((code) => Object.freeze({ region, code }))),
);

export function pairId(p: RegionPair): string {
  return `${p.region}/${p.code}`;
}

/** The ISO 3166-1 country of a pair: the code itself, except US states and Canadian provinces. */
export function pairCountry(p: RegionPair): string {
  if (p.region === 'usa') return 'US';
  if (p.region === 'can') return 'CA';
  return p.code;
}

/** An unambiguous country/state label: ISO 3166-2 for US states and Canadian provinces (`US-CA`, `CA-ON`), else the country. */
export function pairLabel(p: RegionPair): string {
  if (p.region === 'usa') return `US-${p.code}`;
  if (p.region === 'can') return `CA-${p.code}`;
  return p.code;
}
