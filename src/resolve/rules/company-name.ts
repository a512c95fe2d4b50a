/**
 * Company names for matching: "ACME Networks GmbH", "Acme Networks, G.m.b.H." and "acme-networks" are one name;
 * "Acme Networks" and "Apex Networks" are not. Pure.
 */

/**
 * Legal forms of many countries, as token sequences after dots are dropped and punctuation becomes spaces
 * ("S.r.l." → srl, "Sp. z o.o." → sp z oo, "Co., Ltd." → co ltd). Stripped from the end of a name, longest first.
 */
const LEGAL_FORMS: readonly string[] = [
  // German-speaking
  'gmbh co kg', 'gmbh und co kg', 'gmbh and co kg', 'gmbh', 'mbh', 'ag', 'kg', 'ohg', 'ug haftungsbeschrankt', 'ug', 'ev', 'ek', 'gbr', 'kgaa',
  // French, Belgian, Swiss, Luxembourg
  'sas', 'sasu', 'sarl', 'eurl', 'sa', 'sca', 'snc', 'scs', 'sprl', 'srl', 'bvba', 'scrl',
  // Spanish, Portuguese, Latin America
  'sl', 'slu', 'sll', 'slne', 'sau', 'sa de cv', 's de rl de cv', 's de rl', 'sapi de cv', 'cv', 'ltda', 'eireli', 'sac', 'saa', 'srl',
  'cia ltda', 'y cia', 'cia', 'spa', 'sas de cv', 'lda', 'unipessoal lda',
  // Italian
  'srls', 'spa', 'sapa', 'snc', 'sas',
  // Dutch, Nordic, Baltic
  'bv', 'nv', 'vof', 'cv', 'ab', 'publ', 'as', 'asa', 'aps', 'a s', 'oy', 'oyj', 'hf', 'ehf', 'sia', 'uab', 'ou',
  // Central and Eastern Europe
  'sp z oo', 'spolka z oo', 'sp zoo', 'sp j', 'sp k', 'sro', 's r o', 'spol s r o', 'as', 'kft', 'zrt', 'nyrt', 'doo', 'd o o',
  'ad', 'ead', 'ood', 'eood', 'ooo', 'zao', 'oao', 'pao', 'tov', 'srl', 'sa',
  // English-speaking, Asia-Pacific, Middle East, Africa
  'limited', 'ltd', 'llc', 'l l c', 'llp', 'lp', 'plc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'pty', 'pty ltd',
  'pte', 'pte ltd', 'pvt', 'pvt ltd', 'private limited', 'co ltd', 'company limited', 'bhd', 'sdn bhd', 'berhad', 'tbk', 'kk', 'yk',
  'kabushiki kaisha', 'gk', 'jsc', 'ojsc', 'fze', 'fzco', 'fzc', 'fz llc', 'fzllc', 'wll', 'ulc', 'pllc',
  'sti', 'ltd sti', 'ike',
];

/** Legal forms written before the name (Indonesia's PT Foo, CV Bar; Russia's OOO). */
const LEADING_FORMS: readonly string[] = ['pt', 'cv', 'ooo', 'zao', 'oao', 'the'];

const FORMS = [...new Set(LEGAL_FORMS)].map((f) => f.split(' ')).sort((a, b) => b.length - a.length);

/** Lower-case ASCII words: accents folded, "&" and "+" read as "and", dots dropped, other punctuation splits. */
export function companyTokens(name: string): string[] {
  const folded = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[æ]/gi, 'ae')
    .replace(/[ø]/gi, 'o')
    .replace(/[ł]/gi, 'l')
    .toLowerCase()
    .replace(/[&+]/g, ' and ')
    .replace(/\./g, '')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9\p{L}]+/gu, ' ')
    .trim();
  return folded === '' ? [] : folded.split(/\s+/);
}

function endsWith(tokens: readonly string[], form: readonly string[]): boolean {
  if (form.length >= tokens.length) return false;
  return form.every((t, i) => tokens[tokens.length - form.length + i] === t);
}

/** "and" in the languages of the legal forms above: between two words of a name it is only a connector. */
const CONNECTORS = new Set(['and', 'und', 'et', 'y', 'e', 'en', 'i', 'og', 'och', 'ja', 'a', 'u', 've', 'und']);

/**
 * Countries and regions, in English and their own languages: a branch says where it is after the company's name
 * ("Nova Networks Deutschland", "… UK", "… Middle East"), which is no part of the name.
 */
const PLACES: readonly string[] = [
  'deutschland', 'germany', 'osterreich', 'austria', 'schweiz', 'suisse', 'svizzera', 'switzerland', 'france', 'espana', 'spain',
  'italia', 'italy', 'nederland', 'netherlands', 'holland', 'belgie', 'belgique', 'belgium', 'benelux', 'luxembourg', 'uk',
  'united kingdom', 'great britain', 'england', 'scotland', 'ireland', 'eire', 'usa', 'us', 'america', 'united states',
  'north america', 'latam', 'latin america', 'canada', 'mexico', 'brasil', 'brazil', 'argentina', 'chile', 'colombia', 'peru',
  'australia', 'new zealand', 'nz', 'polska', 'poland', 'cesko', 'czechia', 'czech republic', 'slovensko', 'slovakia',
  'magyarorszag', 'hungary', 'romania', 'bulgaria', 'hrvatska', 'croatia', 'srbija', 'serbia', 'slovenija', 'slovenia',
  'ellada', 'greece', 'turkiye', 'turkey', 'russia', 'rossiya', 'ukraine', 'ukraina', 'danmark', 'denmark', 'sverige', 'sweden',
  'norge', 'norway', 'suomi', 'finland', 'island', 'iceland', 'eesti', 'estonia', 'latvija', 'latvia', 'lietuva', 'lithuania',
  'portugal', 'japan', 'nippon', 'china', 'hong kong', 'taiwan', 'korea', 'singapore', 'malaysia', 'indonesia', 'thailand',
  'vietnam', 'philippines', 'india', 'pakistan', 'middle east', 'mena', 'emea', 'apac', 'asia', 'asia pacific', 'europe', 'africa',
  'south africa', 'nigeria', 'kenya', 'egypt', 'uae', 'saudi arabia', 'ksa', 'qatar', 'israel', 'international', 'global',
  'worldwide',
];
const PLACE_FORMS = [...new Set(PLACES)].map((f) => f.split(' ')).sort((a, b) => b.length - a.length);

/** Abbreviations of the words company names share, read as the full word ("Nova Sys" is "Nova Systems"). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  sys: 'systems', syst: 'systems', system: 'systems', tech: 'technologies', techn: 'technologies', technology: 'technologies',
  technologie: 'technologies', technik: 'technologies', dist: 'distribution', distr: 'distribution', distrib: 'distribution',
  distributors: 'distribution', distributor: 'distribution', distribuzione: 'distribution', distribucion: 'distribution',
  comms: 'communications', comm: 'communications', communication: 'communications', comunicaciones: 'communications',
  intl: 'international', intern: 'international', int: 'international', internacional: 'international', internationale: 'international',
  sol: 'solutions', solns: 'solutions', solution: 'solutions', soluciones: 'solutions', solutions: 'solutions',
  svc: 'services', svcs: 'services', srvcs: 'services', service: 'services', mgmt: 'management', mgt: 'management',
  grp: 'group', gruppe: 'group', groupe: 'group', grupo: 'group', gruppo: 'group', assoc: 'associates', bros: 'brothers',
  mfg: 'manufacturing', natl: 'national', eng: 'engineering', engg: 'engineering', telecoms: 'telecom', telecommunications: 'telecom',
  telekom: 'telecom', net: 'networks', netw: 'networks', network: 'networks', netzwerke: 'networks', sec: 'security',
  trad: 'trading', tradg: 'trading', electronic: 'electronics', elec: 'electronics',
};

function stripEnd(tokens: string[], forms: readonly (readonly string[])[]): string[] | null {
  for (const form of forms) if (endsWith(tokens, form)) return tokens.slice(0, tokens.length - form.length);
  return null;
}

/** The written name without a branch part: "Nova Networks – Berlin", "Nova Networks (Deutschland)" → "Nova Networks". */
function withoutBranchPart(name: string): string {
  const cut = name.replace(/\s*\([^)]*\)\s*$/u, '').replace(/\s+[-–—|\/]\s+[^-–—|\/]+$/u, '');
  return cut.trim() === '' ? name : cut;
}

/**
 * The name with its legal forms removed (from the end, repeatedly: "Foo Co., Ltd." → foo; from the start: "PT Foo"
 * → foo), a branch's place (a trailing country or region, a " – City" or "(Country)" part) removed, connectors
 * ("&", and, und, et, y, …) dropped and common abbreviations written out, so "Smith & Sons Intl GmbH – Berlin"
 * equals "Smith and Sons International". A name that is only a legal form or a place keeps it.
 */
export function companyCoreTokens(name: string): string[] {
  let tokens = companyTokens(withoutBranchPart(name));
  for (let changed = true; changed && tokens.length > 1;) {
    changed = false;
    const next = stripEnd(tokens, FORMS) ?? stripEnd(tokens, PLACE_FORMS);
    if (next && next.length > 0) {
      tokens = next;
      changed = true;
    }
    if (tokens.length > 1 && LEADING_FORMS.includes(tokens[0] as string)) {
      tokens = tokens.slice(1);
      changed = true;
    }
  }
  const core = tokens.filter((t, i) => !(CONNECTORS.has(t) && i > 0 && i < tokens.length - 1) && t !== 'and').map((t) => ABBREVIATIONS[t] ?? t);
  return core.length > 0 ? core : tokens;
}

/** The comparison key of a company name: core tokens joined by one space ("" for an empty name). */
export function normaliseCompanyName(name: string): string {
  return companyCoreTokens(name).join(' ');
}

/** Shared webmail domains: an address there says nothing about which company someone works for. */
const WEBMAIL = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com', 'aol.com',
  'icloud.com', 'me.com', 'mac.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de', 't-online.de', 'mail.ru', 'yandex.ru',
  'yandex.com', 'qq.com', '163.com', '126.com', 'sina.com', 'protonmail.com', 'proton.me', 'zoho.com', 'rediffmail.com',
  'libero.it', 'virgilio.it', 'orange.fr', 'free.fr', 'wanadoo.fr', 'laposte.net', 'bigpond.com', 'comcast.net',
  'btinternet.com', 'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'naver.com', 'daum.net', 'uol.com.br', 'bol.com.br',
  'terra.com.br', 'yahoo.co.uk', 'yahoo.fr', 'yahoo.de', 'yahoo.co.jp', 'yahoo.com.br', 'hotmail.co.uk', 'hotmail.fr',
  'hotmail.de', 'hotmail.it', 'hotmail.es', 'outlook.de', 'outlook.fr', 'live.co.uk', 'mail.com', 'inbox.com',
]);

const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'or', 'ne', 'go', 'gob', 'nic', 'ltd', 'plc']);

/** The registrable domain of a host ("shop.acme.co.uk" → acme.co.uk). */
export function registrableDomain(host: string): string {
  const labels = host.toLowerCase().replace(/^www\d*\./, '').replace(/\.$/, '').split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const tld = labels[labels.length - 1] as string;
  const second = labels[labels.length - 2] as string;
  const n = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-n).join('.');
}

/** The company domain of a website or an e-mail address; null for webmail, empty or unparsable values. */
export function companyDomain(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const v = value.trim().toLowerCase().replace(/^mailto:/, '');
  let host: string;
  if (v.includes('@') && !v.includes('/')) host = v.slice(v.lastIndexOf('@') + 1);
  else {
    try {
      host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(v) ? v : `http://${v}`).hostname;
    } catch {
      return null;
    }
  }
  if (!host.includes('.')) return null;
  const d = registrableDomain(host);
  return WEBMAIL.has(d) || WEBMAIL.has(host) ? null : d;
}
