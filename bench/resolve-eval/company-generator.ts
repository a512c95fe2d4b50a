import { SeededRandom } from '../../src/core/seeded-random.js';
import type { ResolvableRecord } from '../../src/resolve/resolve-types.js';

/**
 * A labelled set of company listings for the `company` entity type (the unifi-channels pack's distributors): one
 * company, many branches in many countries, each written the local way. Written independently of the company rules
 * and never tuned on. Variation: legal forms in many languages (GmbH, S.A., S.r.l., B.V., Sp. z o.o., K.K., Pty Ltd,
 * Ltda, A/S, AB, Oy, s.r.o., OOO, …), "&" / "and" / "und" / "y" / "et", abbreviations (Intl, Tech, Dist., Comms, Sys),
 * a branch word or country after the name ("– Dubai", "(Deutschland)", "UK"), case, punctuation, accents and typos.
 * Shared or missing web domains and phones. Hard negatives: different companies that share the industry word ("Nova
 * Networks" / "Orbis Networks"), the brand word ("Nova Networks" / "Nova Security") or nearly the whole name
 * ("Netcom Distribution" / "Netcon Distribution").
 */

const SYLLABLES = ['no', 'va', 'or', 'bis', 'tel', 'ka', 'zen', 'tri', 'mar', 'lux', 've', 'ra', 'sol', 'quin', 'do', 'mi', 'ax', 'el', 'pro', 'kor'];
const INDUSTRY: readonly [string, string][] = [
  ['Networks', 'Networks'], ['Systems', 'Sys'], ['Technologies', 'Tech'], ['Distribution', 'Dist.'], ['Communications', 'Comms'],
  ['International', 'Intl'], ['Solutions', 'Solutions'], ['Telecom', 'Telecom'], ['Security', 'Security'], ['Trading', 'Trading'],
];
const COUNTRIES: readonly { country: string; forms: string[]; branch: string[]; and: string }[] = [
  { country: 'DE', forms: ['GmbH', 'AG', 'GmbH & Co. KG'], branch: ['Deutschland', '(Germany)', '- Berlin'], and: 'und' },
  { country: 'FR', forms: ['SAS', 'SARL', 'S.A.'], branch: ['France', '- Paris'], and: 'et' },
  { country: 'ES', forms: ['S.L.', 'S.A.'], branch: ['España', '- Madrid'], and: 'y' },
  { country: 'IT', forms: ['S.r.l.', 'S.p.A.'], branch: ['Italia', '- Milano'], and: 'e' },
  { country: 'NL', forms: ['B.V.', 'N.V.'], branch: ['Nederland', 'Benelux'], and: 'en' },
  { country: 'GB', forms: ['Ltd', 'Limited', 'PLC'], branch: ['UK', '(United Kingdom)'], and: 'and' },
  { country: 'US', forms: ['Inc.', 'LLC', 'Corp.', 'Corporation'], branch: ['USA', '- Miami'], and: 'and' },
  { country: 'AU', forms: ['Pty Ltd', 'Pty. Limited'], branch: ['Australia', '- Sydney'], and: 'and' },
  { country: 'PL', forms: ['Sp. z o.o.', 'S.A.'], branch: ['Polska'], and: 'i' },
  { country: 'JP', forms: ['K.K.', 'Co., Ltd.'], branch: ['Japan', '- Tokyo'], and: 'and' },
  { country: 'BR', forms: ['Ltda', 'Ltda.', 'S.A.'], branch: ['Brasil', '- São Paulo'], and: 'e' },
  { country: 'DK', forms: ['A/S', 'ApS'], branch: ['Danmark'], and: 'og' },
  { country: 'SE', forms: ['AB'], branch: ['Sverige'], and: 'och' },
  { country: 'FI', forms: ['Oy', 'Oyj'], branch: ['Suomi'], and: 'ja' },
  { country: 'CZ', forms: ['s.r.o.', 'a.s.'], branch: ['Česko'], and: 'a' },
  { country: 'RU', forms: ['OOO', 'AO'], branch: ['Russia'], and: 'i' },
  { country: 'AE', forms: ['FZE', 'FZCO', 'LLC'], branch: ['- Dubai', 'Middle East'], and: 'and' },
  { country: 'IN', forms: ['Pvt Ltd', 'Private Limited'], branch: ['India', '- Mumbai'], and: 'and' },
];

export interface CompanySet {
  readonly seed: number;
  readonly records: ResolvableRecord[];
  readonly truth: Map<string, string>;
  readonly tags: Map<string, string[]>;
}

export function generateCompanySet(companies: number, seed: number): CompanySet {
  const r = SeededRandom.salted(seed, 0xc0);
  const records: ResolvableRecord[] = [];
  const truth = new Map<string, string>();
  const tags = new Map<string, string[]>();
  const word = () => { const w = Array.from({ length: r.int(2, 3) }, () => r.pick(SYLLABLES)).join(''); return w[0]!.toUpperCase() + w.slice(1); };
  const phone = () => `+${r.int(30, 99)}${r.int(100_000_000, 999_999_999)}`;
  const brands: string[] = [];
  const typo = (s: string) => { const i = r.int(1, Math.max(1, s.length - 2)); return s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2); };
  for (let c = 0; c < companies; c++) {
    const id = `co${c}`;
    // Hard negatives: another company with the same brand word, or with a brand a letter apart.
    let brand = word();
    if (brands.length && r.chance(0.08)) brand = r.pick(brands);
    else if (brands.length && r.chance(0.05)) { const b = r.pick(brands); brand = b.slice(0, -1) + (b.endsWith('n') ? 'm' : 'n'); }
    brands.push(brand);
    const [industry, short] = r.pick(INDUSTRY);
    const partner = r.chance(0.15) ? word() : null;
    const domain = r.chance(0.7) ? `${brand.toLowerCase()}${industry.toLowerCase().slice(0, 3)}${r.int(1, 99)}.com` : null;
    const home = r.pick(COUNTRIES);
    const branches = 1 + (r.chance(0.5) ? r.int(1, 6) : 0);
    for (let b = 0; b < branches; b++) {
      const where = b === 0 ? home : r.pick(COUNTRIES);
      const t: string[] = [];
      let name = partner ? `${brand} ${r.chance(0.5) ? '&' : r.chance(0.5) ? where.and : 'and'} ${partner}` : brand;
      if (partner) t.push('and_ampersand');
      if (r.chance(0.25) && short !== industry) { name += ` ${short}`; t.push('abbreviation'); } else name += ` ${industry}`;
      if (r.chance(0.8)) { name += `${r.chance(0.3) ? ',' : ''} ${r.pick(where.forms)}`; t.push('legal_form'); }
      if (b > 0 && r.chance(0.5)) { name += ` ${r.pick(where.branch)}`; t.push('branch'); }
      if (r.chance(0.15)) { name = name.toUpperCase(); t.push('case'); }
      if (r.chance(0.06)) { name = name.replace(brand, typo(brand)); t.push('typo'); }
      const rid = `distributors:${id}-${b}`;
      truth.set(rid, id);
      tags.set(rid, t);
      const site = domain && r.chance(0.7) ? `https://www.${domain}/${where.country.toLowerCase()}` : '';
      records.push({
        id: rid, source: 'distributors', sourceKey: `${id}-${b}`, memberIndex: null, scope: '', name,
        emails: domain && r.chance(0.5) ? [`${r.pick(['sales', 'info', where.country.toLowerCase()])}@${domain}`] : r.chance(0.2) ? [`${brand.toLowerCase()}${r.int(1, 9)}@gmail.com`] : [],
        phones: r.chance(0.6) ? [phone()] : [],
        attributes: site ? { website: site } : {}, observedAt: '2026-11-01T00:00:00.000Z',
      });
    }
  }
  return { seed, records, truth, tags };
}
