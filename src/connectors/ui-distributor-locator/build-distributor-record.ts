import type { LocatorEntry } from './locator-response.js';
import { normaliseAddress, normaliseLocatorEmail, normaliseWebsite, parseCoordinate } from './normalise-contact.js';
import { normaliseLocatorPhone } from './normalise-locator-phone.js';
import { parseCity } from './parse-city.js';
import { pairCountry, pairId, pairLabel, type RegionPair } from './region-pairs.js';

export const PARTNER_TYPES = ['Master Distributor', 'Reseller'] as const;

export interface DistributorLocation {
  readonly region: string;
  readonly country_state: string;
  /** ISO 3166 label: `US-CA`, `CA-ON`, `DE`. */
  readonly code: string;
  readonly country: string;
}

function locationOf(p: RegionPair): DistributorLocation {
  return { region: p.region, country_state: p.code, code: pairLabel(p), country: pairCountry(p) };
}

const uniq = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/**
 * One distributor record from its entry and every pair it was listed under. Pairs are sorted so the record (and its
 * hash) does not depend on the order requests were made in; the first pair is where phone and city are read.
 */
export function buildDistributorRecord(entry: LocatorEntry, pairs: readonly RegionPair[]): Record<string, unknown> {
  const sorted = [...pairs].sort((a, b) => pairId(a).localeCompare(pairId(b)));
  const locations = sorted.map(locationOf);
  const home = sorted[0] ?? { region: '', code: '' };
  const address = normaliseAddress(entry.address);
  const { email, contactUrl } = normaliseLocatorEmail(entry.email);
  // The number is read in the country of each listing until one parses (a distributor may list a neighbour's number).
  let phone: string | null = null;
  for (const p of sorted) {
    phone = normaliseLocatorPhone(entry.phone, pairCountry(p));
    if (phone) break;
  }
  let city: string | null = null;
  for (const p of sorted) {
    city = parseCity(address, p);
    if (city) break;
  }
  const latitude = parseCoordinate(entry.latitude, 90);
  const longitude = parseCoordinate(entry.longitude, 180);
  return {
    id: entry.id,
    name: entry.name.replace(/\s+/g, ' ').trim(),
    partner_type: entry.master_reseller ? PARTNER_TYPES[0] : PARTNER_TYPES[1],
    address,
    city,
    region: home.region || null,
    regions: uniq(locations.map((l) => l.region)),
    country_state: locations[0]?.code ?? null,
    country_states: uniq(locations.map((l) => l.code)),
    countries: uniq(locations.map((l) => l.country)),
    phone,
    phone_raw: entry.phone.trim() === '' ? null : entry.phone.trim(),
    email,
    contact_url: contactUrl,
    website: normaliseWebsite(entry.url),
    latitude,
    longitude,
    coordinates: latitude !== null && longitude !== null ? `${latitude},${longitude}` : null,
    sunmax: entry.sunmax,
    order: entry.order,
    logo: entry.logo.trim() === '' ? null : entry.logo.trim(),
    last_modified: entry.last_modified,
    locations,
  };
}
