import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Rng } from './ui-rng.js';
import type { AddressStyle, PairGeo } from './ui-geography.js';
import type { SimDistributor, UiEntry } from './ui-entry.js';

const STEMS = ['Net', 'Link', 'Wave', 'Data', 'Tech', 'Sys', 'Comm', 'Tele', 'Info', 'Micro', 'Digi', 'Giga', 'Opti', 'Air',
  'Sky', 'Fiber', 'Volt', 'Nova', 'Alpha', 'Omega', 'Prime', 'Smart', 'Secure', 'Cloud', 'Metro', 'Inter', 'Trans', 'Uni'];
const TAILS = ['net', 'link', 'com', 'tek', 'wave', 'tel', 'data', 'soft', 'point', 'zone', 'line', 'way', 'hub', 'byte',
  'logic', 'star', 'wisp', 'wire'];
const WORDS = ['Distribution', 'Networks', 'Solutions', 'Systems', 'Technologies', 'Communications', 'Wireless',
  'Electronics', 'Computers', 'IT Services', 'Trading', 'Supply', 'Telecom', 'Security', 'Engineering', 'Digital',
  'Integration', 'Connect', 'Broadband'];

const SURNAMES: Record<AddressStyle, readonly string[]> = {
  de: ['Müller', 'Schmidt', 'Weber', 'Nöbauer', 'Fischer', 'Hoffmann', 'Schäfer', 'Krüger'],
  fr: ['Dubois', 'Lefèvre', 'Moreau', 'Laurent', 'Girard', 'Rousseau'],
  es: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Navarro'],
  latam: ['Rodríguez', 'González', 'Pérez', 'Oliveira', 'Ramírez', 'Castillo'],
  it: ['Rossi', 'Bianchi', 'Ferrari', 'Esposito', 'Romano', 'Colombo'],
  nl: ['de Vries', 'Jansen', 'Bakker', 'Peeters', 'Janssens', 'Visser'],
  pl: ['Nowak', 'Kowalski', 'Wiśniewski', 'Zieliński', 'Novák', 'Horváth'],
  nordic: ['Nielsen', 'Hansen', 'Johansson', 'Virtanen', 'Møller', 'Andersson', 'Tamm'],
  uk: ['Smith', 'Walker', "O'Brien", 'Campbell', 'Hughes', 'Murphy'],
  us: ['Johnson', 'Miller', 'Davis', 'Patel', 'Nguyen', 'Anderson', 'Rivera'],
  ca: ['Tremblay', 'Gagnon', 'Roy', 'MacDonald', 'Wilson', 'Côté'],
  en: ['Okafor', 'Mensah', 'Naidoo', 'Kamau', 'Botha', 'Hoxha', 'Petrov', 'Kaya', 'Ivanenko', 'Brown'],
  pt: ['Silva', 'Santos', 'Ferreira', 'Costa', 'Pereira'],
  asia: ['Wang', 'Tanaka', 'Kim', 'Nguyen', 'Sharma', 'Tan', 'Lim', 'Wong', 'Rahman', 'Santos'],
  mideast: ['Al-Farsi', 'Haddad', 'Khalil', 'Cohen', 'Mansour', 'Al-Sayed'],
};

const STREETS: Record<AddressStyle, readonly string[]> = {
  de: ['Haupt', 'Linden', 'Bahnhof', 'Industrie', 'Wiedemann', 'Schul', 'Garten'],
  fr: ['de la République', 'Saint-Honoré', 'Victor Hugo', 'des Lilas', 'du Commerce'],
  es: ['Mayor', 'del Pozo', 'Magalhaes', 'de Alcalá', 'Gran Vía'],
  latam: ['Libertador', 'Reforma', 'Paulista', 'Insurgentes', 'Bolívar', '9 de Julio'],
  it: ['Garibaldi', 'Roma', 'Mazzini', 'dei Mille', 'Cavour'],
  nl: ['Kerk', 'Molen', 'Industrie', 'Stations', 'Dorps'],
  pl: ['Główna', 'Polna', 'Leśna', 'Kwiatowa', 'Ogrodowa'],
  nordic: ['Lille', 'Stor', 'Kirke', 'Havne', 'Skole'],
  uk: ['High', 'Station', 'Church', 'Mill', 'Victoria', 'Park'],
  us: ['Main', 'Oak', 'Stevens Creek', 'Hazard Center', 'Tech', 'Industrial', 'Commerce', 'Midway'],
  ca: ['King', 'Queen', 'Yonge', 'Sherbrooke', 'Granville'],
  en: ['Independence', 'Market', 'Harbour', 'Nelson Mandela', 'Airport', 'Freedom'],
  pt: ['da Liberdade', 'do Comércio', 'das Flores'],
  asia: ['Nathan', 'Orchard', 'Sukhumvit', 'Nanjing', 'Gangnam', 'MG'],
  mideast: ['King Fahd', 'Sheikh Zayed', 'Al Wasl', 'Rothschild', 'Hamra'],
};

const LEGAL: Record<string, readonly string[]> = {
  DE: ['GmbH', 'GmbH & Co. KG', 'AG', 'e.K.'], AT: ['GmbH', 'KG'], CH: ['AG', 'GmbH', 'SA'], FR: ['SARL', 'SAS', 'SA'],
  ES: ['S.L.', 'SL', 'S.A.'], IT: ['S.r.l.', 'SRL', 'S.p.A.'], NL: ['B.V.', 'BV'], BE: ['BV', 'NV', 'SRL'], PL: ['Sp. z o.o.', 'S.A.'],
  CZ: ['s.r.o.', 'a.s.'], SK: ['s.r.o.'], HU: ['Kft.', 'Zrt.'], DK: ['A/S', 'ApS'], NO: ['AS'], SE: ['AB'], FI: ['Oy'],
  EE: ['OÜ', 'AS'], PT: ['Lda', 'LDA', 'S.A.'], GB: ['Ltd', 'Limited', 'Ltd.'], IE: ['Ltd', 'Limited'], US: ['Inc.', 'LLC', 'Inc', 'Corp.'],
  CA: ['Inc.', 'Ltd.'], AU: ['Pty Ltd'], NZ: ['Ltd', 'Limited'], ZA: ['(Pty) Ltd'], BR: ['Ltda', 'LTDA', 'S.A.'], MX: ['S.A. de C.V.'],
  AR: ['S.A.', 'S.R.L.'], SG: ['Pte Ltd', 'Pte. Ltd.'], MY: ['Sdn Bhd', 'Sdn. Bhd.'], CN: ['Co., Ltd.'], TW: ['Co., Ltd.'],
  JP: ['K.K.', 'Co., Ltd.'], KR: ['Co., Ltd.'], TH: ['Co., Ltd.'], VN: ['JSC', 'Co., Ltd.'], IN: ['Pvt. Ltd.', 'Private Limited'],
  ID: ['PT'], AE: ['LLC', 'FZE', 'FZCO'], SA: ['Co.', 'LLC'], IL: ['Ltd.'], TR: ['A.Ş.', 'Ltd. Şti.'], RO: ['SRL', 'S.R.L.'],
  BG: ['Ltd.', 'EOOD'], RU: ['LLC'], UA: ['LLC', 'ТОВ'],
};

const TLD: Record<string, string> = { GB: 'co.uk', US: 'com', CA: 'ca', AU: 'com.au', NZ: 'co.nz', ZA: 'co.za', BR: 'com.br',
  MX: 'com.mx', AR: 'com.ar', CN: 'cn', JP: 'jp', IN: 'in', SG: 'sg', AE: 'ae', IL: 'co.il', TR: 'com.tr' };

function fold(s: string): string {
  return s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ø/g, 'o').replace(/ł/g, 'l').replace(/ß/g, 'ss');
}

function slug(s: string): string {
  return fold(s).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function fillPattern(rng: Rng, pattern: string): string {
  return pattern.replace(/[#@]/g, (c) => (c === '#' ? String(rng.int(10)) : String.fromCharCode(65 + rng.int(26))));
}

export interface GeneratedName {
  readonly name: string;
  readonly domain: string;
}

export function generateName(rng: Rng, geo: PairGeo, city: string): GeneratedName {
  const country = geo.phoneCountry;
  const legal = rng.chance(0.75) ? ` ${rng.pick(LEGAL[country] ?? ['Ltd.', 'LLC', 'Co.'])}` : '';
  const surname = rng.pick(SURNAMES[geo.style]);
  const brand = `${rng.pick(STEMS)}${rng.pick(TAILS)}`;
  const tld = TLD[country] ?? (rng.chance(0.4) ? 'com' : country.toLowerCase());
  const form = rng.int(6);
  let base: string;
  if (form === 0) base = `${brand} ${rng.pick(WORDS)}`;
  else if (form === 1) base = `${fold(city).split(' ')[0] ?? city} ${rng.pick(WORDS)}`;
  else if (form === 2) base = `${surname} ${rng.pick(WORDS)}`;
  else if (form === 3) base = `${surname} & ${rng.pick(SURNAMES[geo.style])}`;
  else if (form === 4) base = brand;
  else base = `${brand.toUpperCase().slice(0, 4)} ${rng.pick(WORDS)}`;
  const domain = `${slug(base).slice(0, 24)}.${tld}`;
  if (rng.chance(0.04)) return { name: domain.charAt(0).toUpperCase() + domain.slice(1), domain };
  const name = `${base}${legal}`;
  return { name: rng.chance(0.08) ? name.toUpperCase() : name, domain };
}

function streetLine(rng: Rng, style: AddressStyle): string {
  const s = rng.pick(STREETS[style]);
  const n = rng.between(1, 480);
  switch (style) {
    case 'de': return `${s}straße ${n}`;
    case 'nl': return `${s}straat ${n}`;
    case 'nordic': return `${s}${rng.pick(['gatan', 'vej', 'veien', 'tie', 'torget'])} ${n}`;
    case 'fr': return `${n} Rue ${s}`;
    case 'es': return `Calle ${s}, ${n}`;
    case 'latam': return `Av. ${s} ${n}${rng.chance(0.3) ? `, Piso ${rng.between(1, 12)}` : ''}`;
    case 'it': return `Via ${s}, ${n}`;
    case 'pl': return `ul. ${s} ${n}${rng.chance(0.3) ? `/${rng.between(1, 40)}` : ''}`;
    case 'pt': return `Rua ${s}, ${n}`;
    case 'asia': return `${rng.chance(0.4) ? `Unit ${rng.between(1, 30)}${String.fromCharCode(65 + rng.int(6))}, ` : ''}No. ${n} ${s} Road`;
    case 'mideast': return `${s} ${rng.pick(['Road', 'Street'])}, Building ${n}`;
    case 'us': case 'ca': case 'uk': case 'en':
      return `${n} ${s} ${rng.pick(['Road', 'Street', 'Avenue', 'Drive', 'Blvd.', 'Way'])}${
        rng.chance(0.3) ? ` ${rng.pick(['Suite', 'Ste', 'Unit'])} ${rng.between(1, 900)}` : ''}`;
  }
}

/** The address as the site stores it: several lines joined by CRLF or commas, trailing blanks, country sometimes. */
function address(rng: Rng, geo: PairGeo, city: string): string {
  const street = streetLine(rng, geo.style);
  const pc = geo.postcode ? fillPattern(rng, geo.postcode) : '';
  let cityLine: string;
  if (geo.style === 'us' || geo.style === 'ca') {
    const st = geo.code;
    cityLine = rng.chance(0.15) ? `${city.toUpperCase()}  ${st} ${pc}` : `${city}, ${st}${rng.chance(0.3) ? '  ' : ' '}${pc}`;
  } else if (geo.style === 'uk') {
    cityLine = pc ? `${city} ${pc}` : city;
  } else if (geo.style === 'asia' || geo.style === 'mideast' || geo.style === 'en') {
    cityLine = pc ? `${city} ${pc}` : city;
  } else {
    cityLine = pc ? `${pc}${rng.chance(0.1) ? ' - ' : ' '}${city}` : city;
  }
  const withCountry = geo.style === 'us' ? rng.chance(0.1) : rng.chance(0.6);
  const lines = [street + (rng.chance(0.1) ? '       ' : ''), cityLine];
  if (withCountry) lines.push(geo.style === 'us' ? 'USA' : geo.countryName);
  return lines.join(rng.chance(0.7) ? ' \r\n' : ', ').replace(/ \r\n/g, rng.chance(0.5) ? '\r\n' : ' \r\n');
}

function e164For(rng: Rng, geo: PairGeo): string {
  if (geo.areaCodes.length > 0) {
    const area = rng.chance(0.2) ? rng.pick(['800', '888', '866', '877']) : rng.pick(geo.areaCodes);
    return `+1${area}${rng.between(200, 989)}${String(rng.int(10_000)).padStart(4, '0')}`;
  }
  const example = getExampleNumber(geo.phoneCountry as CountryCode, examples);
  if (!example) return '';
  const nat = example.nationalNumber;
  const keep = Math.max(2, nat.length - 4);
  for (let i = 0; i < 5; i++) {
    const varied = nat.slice(0, keep) + String(rng.int(10 ** (nat.length - keep))).padStart(nat.length - keep, '0');
    const p = parsePhoneNumberFromString(`+${example.countryCallingCode}${varied}`);
    if (p?.isValid()) return p.number;
  }
  return example.number;
}

/** Free-text phone as people typed it into the site: national, international, dashed, prefixed, or missing. */
function phoneText(rng: Rng, geo: PairGeo): string {
  if (rng.chance(0.01)) return '';
  const e164 = e164For(rng, geo);
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  const digits = p.number.slice(1);
  const variant = rng.int(10);
  let text: string;
  if (variant <= 3) text = p.formatNational();
  else if (variant <= 6) text = p.formatInternational();
  else if (variant === 7) text = geo.areaCodes.length > 0 ? p.formatNational().replace(/[()]/g, '').replace(' ', '-') : digits;
  else if (variant === 8) text = `00${p.countryCallingCode} ${p.nationalNumber}`;
  else text = p.formatInternational().replace(/ /g, '-');
  if (rng.chance(0.06)) text = `${rng.pick(['Phone: ', 'Phone ', 'phone: ', 'Tel. '])}${text}`;
  return text;
}

function emailText(rng: Rng, domain: string): string {
  const local = rng.pick(['info', 'sales', 'ubiquiti', 'office', 'kontakt', 'contact', 'vendas', 'ventas', 'salg']);
  const roll = rng.next();
  if (roll < 0.015) return '';
  if (roll < 0.045) return `mailto:${local}@${domain}`;
  if (roll < 0.065) return `https://www.${domain}/contact`;
  if (roll < 0.07) return `${rng.between(100, 999)} ${rng.between(10, 99)} ${rng.between(100, 999)}`;
  if (roll < 0.1) return `${local}@${domain.charAt(0).toUpperCase()}${domain.slice(1)}`;
  return `${local}@${domain}`;
}

function coordinate(rng: Rng, centre: number, spread: number): string {
  return (centre + (rng.next() - 0.5) * spread).toFixed(rng.between(5, 7));
}

/** An ISO timestamp between mid-2016 and mid-2025, as the site's `last_modified`. */
export function pastTimestamp(rng: Rng): string {
  const from = Date.UTC(2016, 5, 1);
  const to = Date.UTC(2025, 5, 30);
  return new Date(from + Math.floor(rng.next() * (to - from))).toISOString();
}

export interface GenerateOptions {
  readonly id: number;
  readonly order: number;
  readonly lastModified: string;
  readonly master?: boolean;
}

export function generateDistributor(rng: Rng, geo: PairGeo, opts: GenerateOptions): SimDistributor {
  const city = rng.pick(geo.cities);
  const { name, domain } = generateName(rng, geo, city);
  const noCoords = rng.chance(0.01);
  const urlRoll = rng.next();
  const url = urlRoll < 0.01 ? '' : urlRoll < 0.3 ? `http://www.${domain}/` : urlRoll < 0.4
    ? `https://www.${domain}/catalogsearch/result/?q=ubiquiti` : `https://www.${domain}`;
  const entry: UiEntry = {
    name,
    url,
    longitude: noCoords ? '' : coordinate(rng, geo.lng, 1.2),
    email: emailText(rng, domain),
    master_reseller: opts.master ?? rng.chance(0.3),
    phone: phoneText(rng, geo),
    last_modified: opts.lastModified,
    sunmax: rng.chance(0.03),
    address: address(rng, geo, city),
    latitude: noCoords ? '' : coordinate(rng, geo.lat, 1.2),
    logo: rng.chance(0.04) ? `${rng.chance(0.5) ? '/' : ''}img/purchase_logo_${slug(name).slice(0, 12)}.gif` : '',
    order: opts.order,
    id: opts.id,
  };
  return { entry, pairs: [`${geo.region}/${geo.code}`], city };
}

/** Field edits the site's staff make over time (each one visible after normalisation). */
export function mutateEntry(rng: Rng, d: SimDistributor, geo: PairGeo, lastModified: string): SimDistributor {
  const e = { ...d.entry };
  const kind = rng.int(7);
  if (kind === 0) e.phone = phoneText(rng, geo) || '+1 800 555 0100';
  else if (kind === 1) e.email = `${rng.pick(['sales', 'orders', 'partners', 'hello'])}${rng.between(1, 99)}@${slug(e.name).slice(0, 16) || 'dist'}.com`;
  else if (kind === 2) e.url = `https://www.${slug(e.name).slice(0, 16) || 'dist'}${rng.between(1, 99)}.com/`;
  else if (kind === 3) e.address = `${rng.between(1, 999)} ${e.address.replace(/^\d+\s*/, '')}`;
  else if (kind === 4) e.order = e.order + rng.between(1, 40);
  else if (kind === 5) e.sunmax = !e.sunmax;
  else {
    e.latitude = coordinate(rng, geo.lat, 1.2);
    e.longitude = coordinate(rng, geo.lng, 1.2);
  }
  e.last_modified = lastModified;
  return { ...d, entry: e };
}
