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

/**
 * The name with its legal forms removed (from the end, repeatedly: "Foo Co., Ltd." → foo; from the start: "PT Foo"
 * → foo) and "and" dropped, so "Smith & Sons" equals "Smith and Sons". A name that is only a legal form keeps it.
 */
export function companyCoreTokens(name: string): string[] {
  let tokens = companyTokens(name);
  for (let changed = true; changed && tokens.length > 1;) {
    changed = false;
    for (const form of FORMS) {
      if (endsWith(tokens, form)) {
        tokens = tokens.slice(0, tokens.length - form.length);
        changed = true;
        break;
      }
    }
    if (tokens.length > 1 && LEADING_FORMS.includes(tokens[0] as string)) {
      tokens = tokens.slice(1);
      changed = true;
    }
  }
  const core = tokens.filter((t) => t !== 'and');
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
