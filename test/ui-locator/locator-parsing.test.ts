import { describe, expect, it } from 'vitest';
import { buildDistributorRecord } from '../../src/connectors/ui-distributor-locator/build-distributor-record.js';
import { parseLocatorResponse, type LocatorEntry } from '../../src/connectors/ui-distributor-locator/locator-response.js';
import {
  normaliseAddress,
  normaliseLocatorEmail,
  normaliseWebsite,
  parseCoordinate,
} from '../../src/connectors/ui-distributor-locator/normalise-contact.js';
import { normaliseLocatorPhone } from '../../src/connectors/ui-distributor-locator/normalise-locator-phone.js';
import { parseCity } from '../../src/connectors/ui-distributor-locator/parse-city.js';
import { parseRegionsPage } from '../../src/connectors/ui-distributor-locator/parse-regions-page.js';
import { nextListingState, storedPairIds } from '../../src/connectors/ui-distributor-locator/listing-state.js';
import { FALLBACK_PAIRS, pairLabel } from '../../src/connectors/ui-distributor-locator/region-pairs.js';
import { uiLocatorConfigSchema } from '../../src/connectors/ui-distributor-locator/ui-locator-config.js';

const entry = (over: Partial<LocatorEntry> = {}): LocatorEntry => ({
  id: 629, name: ' CDW LOGISTICS  INC ', url: 'https://www.cdw.com/search/?b=U52', email: 'mailto:Sales@CDW.com',
  phone: 'Phone 866-782-4239', address: '200 N MILWAUKEE AVE       \r\nVERNON HILLS  IL 60061-1577', latitude: '42.2292779',
  longitude: '-87.94359', master_reseller: false, sunmax: false, logo: '', order: 39, last_modified: '2019-02-04T09:11:14.201Z',
  ...over,
});

describe('static fallback', () => {
  it('holds the 8 regions and 131 pairs of the upstream notes, CA meaning California only under usa', () => {
    expect(FALLBACK_PAIRS).toHaveLength(131);
    expect(new Set(FALLBACK_PAIRS.map((p) => p.region)).size).toBe(8);
    expect(FALLBACK_PAIRS.filter((p) => p.region === 'eur')).toHaveLength(42);
    expect(pairLabel({ region: 'usa', code: 'CA' })).toBe('US-CA');
    expect(pairLabel({ region: 'can', code: 'ON' })).toBe('CA-ON');
    expect(pairLabel({ region: 'eur', code: 'DE' })).toBe('DE');
  });
});

describe('parseRegionsPage', () => {
  it('reads mainRegionsData written as a JS literal (bare keys, single quotes, trailing commas, escapes)', () => {
    const html = `<script>var x = 1;
      var mainRegionsData = [{s:'eur', n:'Europe', i:[{s:'DE', n:'Germany'}, {s:'GB',n:'Cote d\\'Ivoire "x" ]'},]},
        {s:"usa", i:[{s:"CA"},{s:'TX'}, {s:''}]}, {s:'af', i:[]},];
      var mapInit = [];</script>`;
    expect(parseRegionsPage(html)).toEqual([
      { region: 'eur', code: 'DE', name: 'Germany' },
      { region: 'eur', code: 'GB', name: 'Cote d\'Ivoire "x" ]' },
      { region: 'usa', code: 'CA' },
      { region: 'usa', code: 'TX' },
    ]);
  });

  it('returns null when the variable is missing, empty or unreadable', () => {
    expect(parseRegionsPage('<html>no data</html>')).toBeNull();
    expect(parseRegionsPage('var mainRegionsData = [];')).toBeNull();
    expect(parseRegionsPage('var mainRegionsData = [{s:"eur", i:[{s:')).toBeNull();
    expect(parseRegionsPage('var mainRegionsData = [{s: eur}];')).toBeNull();
  });
});

describe('parseLocatorResponse', () => {
  it('takes resellers and masters, and reports entries without the recorded shape', () => {
    const body = {
      resellers: [entry(), { ...entry({ id: 2 }), latitude: null }],
      master_resellers: [entry({ id: 3, master_reseller: true })],
      resellers_count: 2,
      master_resellers_count: 1,
    };
    const r = parseLocatorResponse(body);
    expect(r?.entries.map((e) => e.id)).toEqual([629, 3]);
    expect(r?.invalid).toHaveLength(1);
    expect(r?.invalid[0]?.reasons.join()).toMatch(/latitude/);
  });

  it('is null for anything that is not the envelope (an HTML page, an error body)', () => {
    expect(parseLocatorResponse('<html>')).toBeNull();
    expect(parseLocatorResponse({ error: 'x' })).toBeNull();
    expect(parseLocatorResponse({ resellers: [], master_resellers: [], resellers_count: 0, master_resellers_count: 0 })).toEqual({
      entries: [], invalid: [],
    });
  });
});

describe('field normalisation', () => {
  it('phones become E.164 in the listing country where the text holds a valid number', () => {
    expect(normaliseLocatorPhone('Phone: 800-340-1001', 'US')).toBe('+18003401001');
    expect(normaliseLocatorPhone('(925) 272-9937', 'US')).toBe('+19252729937');
    expect(normaliseLocatorPhone('0043 1 89193 0', 'AT')).toBe('+431891930');
    expect(normaliseLocatorPhone('48-32-721-86-72', 'PL')).toBe('+48327218672');
    expect(normaliseLocatorPhone('phone: +994123101033', 'AZ')).toBe('+994123101033');
    expect(normaliseLocatorPhone('+32(0)51 20 02 00', 'BE')).toBe('+3251200200');
    expect(normaliseLocatorPhone('CA, UT, OH: (888)604-5234', 'US')).toBe('+18886045234');
    expect(normaliseLocatorPhone('', 'US')).toBeNull();
    expect(normaliseLocatorPhone('call us', 'DE')).toBeNull();
  });

  it('emails lose mailto: and case; a URL becomes the contact URL; stray text is dropped', () => {
    expect(normaliseLocatorEmail('mailto:Info@Elko.ee')).toEqual({ email: 'info@elko.ee', contactUrl: null });
    expect(normaliseLocatorEmail('https://dclink.ua/en/contacts/')).toEqual({ email: null, contactUrl: 'https://dclink.ua/en/contacts/' });
    expect(normaliseLocatorEmail('995 60 888')).toEqual({ email: null, contactUrl: null });
    expect(normaliseLocatorEmail('')).toEqual({ email: null, contactUrl: null });
  });

  it('websites, coordinates and addresses', () => {
    expect(normaliseWebsite('')).toBeNull();
    expect(normaliseWebsite('www.wisp.pl')).toBe('http://www.wisp.pl');
    expect(normaliseWebsite('http://www.wisp.pl/')).toBe('http://www.wisp.pl/');
    expect(parseCoordinate('42.2292779', 90)).toBe(42.2292779);
    expect(parseCoordinate('', 90)).toBeNull();
    expect(parseCoordinate('123', 90)).toBeNull();
    expect(normaliseAddress('Magalhaes, 66 \r\n08004 - Barcelona\r\n\r\nSpain  ')).toBe('Magalhaes, 66\n08004 - Barcelona\nSpain');
    expect(normaliseAddress('  \r\n ')).toBeNull();
  });
});

describe('parseCity', () => {
  const cases: [string, string, string, string | null][] = [
    ['usa', 'IL', '200 N MILWAUKEE AVE\nVERNON HILLS IL 60061-1577', 'Vernon Hills'],
    ['usa', 'CA', '6200 Stoneridge Mall Rd Ste 300 Pleasanton, CA 94588', 'Pleasanton'],
    ['usa', 'CA', '170 W. Cochran St. Simi Valley, CA 93065', 'Simi Valley'],
    ['usa', 'FL', '1234 NW 72nd Ave\nMiami, Florida, 33178, USA', 'Miami'],
    ['usa', 'OH', '7588 Central Parke Blvd Suite# 109,\nMason, OH. 45040, US', 'Mason'],
    ['can', 'ON', '199 Granville Avenue\nMississauga, ON L5B 1A1', 'Mississauga'],
    ['eur', 'DE', 'Wiedemannstr. 3, 31157 Sarstedt, Germany', 'Sarstedt'],
    ['eur', 'AT', 'Schulstraße 2, 4632, Pichl bei Wels, Austria', 'Pichl bei Wels'],
    ['eur', 'NO', 'Lilletorget 1, 0184, Oslo, Norge', 'Oslo'],
    ['eur', 'PL', 'ul. Glowna 214c\n44-230 Belk\nPoland', 'Belk'],
    ['eur', 'PT', 'Zona Industrial III, lote 13\n3525-035 Canas de Senhorim\nPortugal', 'Canas de Senhorim'],
    ['eur', 'ES', 'Magalhaes, 66\n08004 - Barcelona\nSpain', 'Barcelona'],
    ['eur', 'NL', 'Kanaalstraat 410\n7311 MZ Apeldoorn\nThe Netherlands', 'Apeldoorn'],
    ['eur', 'GB', '12 High Street\nLondon EC1A 1BB\nUnited Kingdom', 'London'],
    ['eur', 'IT', 'Via Cervese 373\n47521 CESENA, Italy', 'Cesena'],
    ['eur', 'NO', 'Møllevangen 14, 7550 Sørvad, Danmark', 'Sørvad'],
    ['eur', 'DE', 'Robert-Koch-Straße 7-17\nD-52499 Baesweiler | Germany', 'Baesweiler'],
    ['as', 'CN', 'Floor 5, Block A, No.188 PingFu Road, Shanghai', 'Shanghai'],
    ['eur', 'DE', 'Hauptstraße 5', null],
  ];
  it.each(cases)('%s/%s %j → %s', (region, code, address, city) => {
    expect(parseCity(address, { region, code })).toBe(city);
  });
});

describe('buildDistributorRecord', () => {
  it('merges every listing into one record with sorted, unambiguous locations and typed fields', () => {
    const r = buildDistributorRecord(entry({ logo: 'img/purchase_logo_ingram.gif', master_reseller: true }), [
      { region: 'usa', code: 'TX' },
      { region: 'can', code: 'ON' },
      { region: 'usa', code: 'CA' },
    ]);
    expect(r).toMatchObject({
      id: 629,
      name: 'CDW LOGISTICS INC',
      partner_type: 'Master Distributor',
      address: '200 N MILWAUKEE AVE\nVERNON HILLS IL 60061-1577',
      region: 'can',
      regions: ['can', 'usa'],
      country_state: 'CA-ON',
      country_states: ['CA-ON', 'US-CA', 'US-TX'],
      countries: ['CA', 'US'],
      phone: '+18667824239',
      phone_raw: 'Phone 866-782-4239',
      email: 'sales@cdw.com',
      contact_url: null,
      website: 'https://www.cdw.com/search/?b=U52',
      latitude: 42.2292779,
      longitude: -87.94359,
      coordinates: '42.2292779,-87.94359',
      logo: 'img/purchase_logo_ingram.gif',
      order: 39,
      last_modified: '2019-02-04T09:11:14.201Z',
    });
    // The city is read in the first listing that can tell it (Canada cannot, the US state line can).
    expect(r.city).toBe('Vernon Hills');
    expect(r.locations).toEqual([
      { region: 'can', country_state: 'ON', code: 'CA-ON', country: 'CA' },
      { region: 'usa', country_state: 'CA', code: 'US-CA', country: 'US' },
      { region: 'usa', country_state: 'TX', code: 'US-TX', country: 'US' },
    ]);
    expect(storedPairIds(r)).toEqual(['can/ON', 'usa/CA', 'usa/TX']);
  });

  it('does not depend on the order the listings were read in', () => {
    const a = buildDistributorRecord(entry(), [{ region: 'usa', code: 'IL' }, { region: 'usa', code: 'CA' }]);
    const b = buildDistributorRecord(entry(), [{ region: 'usa', code: 'CA' }, { region: 'usa', code: 'IL' }]);
    expect(a).toEqual(b);
  });
});

describe('listing state', () => {
  it('folds records in id order and starts over when a new run begins (a smaller id)', () => {
    const rec = (id: number, ...pairs: string[]) => ({
      id, locations: pairs.map((p) => ({ region: p.split('/')[0], country_state: p.split('/')[1] })),
    });
    let s = nextListingState(undefined, rec(5, 'eur/DE', 'eur/AT'));
    s = nextListingState(s, rec(9, 'usa/CA'));
    expect(s).toEqual({ v: 1, last_id: 9, listings: { 5: ['eur/DE', 'eur/AT'], 9: ['usa/CA'] } });
    const before = JSON.stringify(s);
    const next = nextListingState(s, rec(7, 'eur/FR'));
    expect(next.listings).toEqual({ 7: ['eur/FR'] });
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('config', () => {
  it('defaults to the real site, polite pacing and discovery; regions may be a comma list', () => {
    expect(uiLocatorConfigSchema.parse({})).toEqual({ base_url: 'https://www.ui.com', min_interval_ms: 250, timeout_ms: 30_000, discover: true });
    expect(uiLocatorConfigSchema.parse({ regions: 'eur, usa', min_interval_ms: '0', discover: 'false' })).toMatchObject({
      regions: ['eur', 'usa'], min_interval_ms: 0, discover: false,
    });
    expect(uiLocatorConfigSchema.safeParse({ regions: 'mars' }).success).toBe(false);
    expect(uiLocatorConfigSchema.safeParse({ base_url: 'ftp://x' }).success).toBe(false);
    expect(uiLocatorConfigSchema.safeParse({ min_interval_ms: -1 }).success).toBe(false);
  });
});
