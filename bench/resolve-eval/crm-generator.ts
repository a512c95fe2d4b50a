import type { LabelledGenerator, LabelledSet } from './labelled-set.js';

/**
 * Evaluation generator "crm": a website scrape and a CRM export of the same brokerages, written by another method than
 * "roster" and the project generator. Corruption is correlated, not independent: each scraped team page has one house
 * style (order, case, credentials, accents, particles) applied to every member, and the CRM export has its own habits
 * (split name fields, a middle initial in the first-name field, a credential in the last-name field, quoted preferred
 * names). Names come from Asian and European tables (Vietnamese and Korean given-name order, particles such as
 * van der / de la / St., apostrophes, hyphenated given names). Team sizes mix one-person teams with large brokerages,
 * where same-team near-namesakes live. Hard negatives: spouses sharing the home line, an office main line with
 * extensions, a shared team mailbox, namesakes in other teams, two different people called Jon and John Lee.
 */

// A 32-bit LCG mixed through a xorshift: a third PRNG family, unrelated to the others' streams.
function lcg(seed: number): () => number {
  let s = (seed * 2654435761) >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    let x = s;
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

interface NameParts {
  /** Display order as the person writes it. */
  given: string;
  family: string;
  /** Family name first in the person's own culture (Vietnamese, Korean, Chinese). */
  familyFirst: boolean;
  middle: string | null;
  preferred: string | null;
}

const ANGLO_GIVEN: Record<string, string> = {
  margaret: 'marge', elizabeth: 'eliza', william: 'liam', robert: 'bert', catherine: 'cathy', frances: 'fran',
  josephine: 'jo', nathaniel: 'nate', leonard: 'leo', harold: 'harry', henry: 'hank', eugene: 'gene', philip: 'phil',
  walter: 'walt', gabrielle: 'gabby', caroline: 'carrie', valerie: 'val', theresa: 'tess', cassandra: 'cassie',
  johnathan: 'johnny', maximilian: 'max', benedict: 'ben', dominic: 'dom', florence: 'flo', vincent: 'vinny',
  olivia: 'liv', isabella: 'bella', madison: 'maddie', penelope: 'penny', mitchell: 'mitch', jeffrey: 'jeff',
  grace: '', noah: '', ethan: '', logan: '', chloe: '', hannah: '', owen: '', claire: '', julia: '', evan: '',
};
const PARTICLE_FAMILY = ["van der berg", "van dyke", "de la cruz", "de la rosa", "del rio", "de luca", "st. john",
  "st. clair", "o'brien", "o'connor", "d'angelo", "mcdonald", "macintyre", "von stein", "le blanc", "da silva",
  "dos santos", "van buren", "de jong", "ter horst"];
const ANGLO_FAMILY = ('abbott barrett caldwell dalton emerson fletcher gallagher hartley ingram jennings kendall lambert ' +
  'mercer norris osborne prescott quinn radcliffe sterling thornton underwood vaughn whitaker yates ashford bramley ' +
  'cartwright donovan ellsworth fairbanks goodwin holloway ives jarvis keller lockhart maddox newell oakley pruitt').split(' ');
const VIET_FAMILY = ['nguyen', 'tran', 'le', 'pham', 'hoang', 'huynh', 'vo', 'dang', 'bui', 'do'];
const VIET_GIVEN = ['an', 'binh', 'cuong', 'dung', 'hai', 'hoa', 'huong', 'khanh', 'lan', 'linh', 'minh', 'ngoc', 'phuong', 'quang', 'thanh', 'tuan'];
const VIET_MIDDLE = ['van', 'thi', 'duc', 'minh', 'ngoc'];
const KOREAN_FAMILY = ['kim', 'lee', 'park', 'choi', 'jung', 'kang', 'cho', 'yoon', 'jang', 'lim'];
const KOREAN_GIVEN = ['min-jun', 'seo-yeon', 'ji-ho', 'ha-eun', 'do-yun', 'su-bin', 'ye-jin', 'hyun-woo', 'ji-woo', 'eun-ji'];
const CHINESE_FAMILY = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou'];
const CHINESE_GIVEN = ['wei', 'fang', 'jing', 'lei', 'min', 'yan', 'jun', 'hui', 'xin', 'ying', 'hao', 'mei'];
const ADOPTED = ['kevin', 'jenny', 'tony', 'amy', 'david', 'grace', 'peter', 'linda', 'andy', 'helen'];
const CRM_CREDENTIALS = ['CRS', 'GRI', 'ABR', 'REALTOR', 'REALTOR®', 'CRB', 'MRP', 'PA', 'ABR®', 'C2EX'];
const EMAIL_PLACEHOLDERS = ['N/A', 'NA', 'none', '-', '--', 'unknown', 'test@example.com', 'test@test.com', 'noreply@none.com'];
const PHONE_PLACEHOLDERS = ['N/A', '-', 'none', '000-000-0000', '999-999-9999', 'n/a', '0'];

const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const title = (s: string) => s.replace(/(^|[\s\-'.])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());

interface Person {
  id: string;
  name: NameParts;
  email: string | null;
  gmail: string | null;
  mobile: string | null;
  ext: string | null;
  home: string | null;
}

interface PageStyle {
  lastFirst: boolean;
  upper: boolean;
  credentials: boolean;
  stripAccents: boolean;
  particleStyle: 'keep' | 'joined' | 'capitalised' | 'dropped';
}

export const crmGenerator: LabelledGenerator = {
  name: 'crm',
  generate(members: number, seed: number): LabelledSet {
    const r = lcg(seed);
    const p = (x: number) => r() < x;
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const pick = <T>(l: readonly T[]): T => l[Math.floor(r() * l.length)]!;
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
    const taken = new Set<string>();
    const phone = () => {
      for (;;) {
        const n = `${pick(['206', '425', '253', '503', '971', '415', '650', '408', '858', '619'])}${int(201, 979)}${String(int(0, 9999)).padStart(4, '0')}`;
        if (!taken.has(n)) { taken.add(n); return n; }
      }
    };
    const fmt = (n: string) => pick([`${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`, `+1-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      `(${n.slice(0, 3)})${n.slice(3, 6)}-${n.slice(6)}`, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, `+1${n}`]);
    const slip = (s: string) => {
      if (s.length < 3) return s;
      const i = int(1, s.length - 1);
      const k = int(0, 2);
      if (k === 0) return s.slice(0, i) + s.slice(i + 1);
      if (k === 1) return s.slice(0, i - 1) + s.charAt(i) + s.charAt(i - 1) + s.slice(i + 1);
      return s.slice(0, i) + pick([...'aeinorst']) + s.slice(i + 1);
    };

    const companyRows: Record<string, string>[] = [];
    const agentRows: Record<string, string>[] = [];
    const truth = new Map<string, string>();
    const tags = new Map<string, string[]>();
    const recent: NameParts[] = [];
    let produced = 0;
    let seq = 0;

    const makeName = (): NameParts => {
      if (recent.length && p(0.07)) return { ...pick(recent) }; // a namesake of someone in another team
      const k = r();
      let n: NameParts;
      if (k < 0.14) n = { given: pick(VIET_GIVEN), family: pick(VIET_FAMILY), familyFirst: true, middle: pick(VIET_MIDDLE), preferred: p(0.2) ? pick(ADOPTED) : null };
      else if (k < 0.24) n = { given: pick(KOREAN_GIVEN), family: pick(KOREAN_FAMILY), familyFirst: true, middle: null, preferred: p(0.2) ? pick(ADOPTED) : null };
      else if (k < 0.34) n = { given: pick(CHINESE_GIVEN), family: pick(CHINESE_FAMILY), familyFirst: true, middle: null, preferred: p(0.15) ? pick(ADOPTED) : null };
      else if (k < 0.52) n = { given: pick(Object.keys(ANGLO_GIVEN)), family: pick(PARTICLE_FAMILY), familyFirst: false, middle: p(0.3) ? pick(Object.keys(ANGLO_GIVEN)) : null, preferred: null };
      else n = { given: pick(Object.keys(ANGLO_GIVEN)), family: pick(ANGLO_FAMILY), familyFirst: false, middle: p(0.4) ? pick(Object.keys(ANGLO_GIVEN)) : null, preferred: null };
      if (!n.preferred && ANGLO_GIVEN[n.given] && p(0.5)) n.preferred = ANGLO_GIVEN[n.given]!;
      recent.push(n);
      if (recent.length > 300) recent.shift();
      return n;
    };

    const particle = (family: string, style: PageStyle['particleStyle'], t: string[]): string => {
      const parts = family.split(' ');
      const hasParticle = parts.length > 1 || /^(o'|d'|mc|mac)/.test(family);
      if (!hasParticle) return family;
      if (style === 'keep') return family;
      t.push('particle');
      if (style === 'joined') return family.replace(/[ '.]/g, '');
      if (style === 'capitalised') return family.replace(/^st\. /, 'saint ').replace(/'/g, ' ');
      return parts.length > 1 ? parts[parts.length - 1]! : family.replace(/'/g, '');
    };

    /** A name in a page's or export's house style; the person's own preferences vary per occurrence. */
    const render = (x: Person, style: PageStyle, t: string[]): string => {
      const n = x.name;
      let given = n.given;
      if (n.preferred && p(0.35)) {
        if (ADOPTED.includes(n.preferred)) t.push('adopted_name');
        else t.push('nickname');
        given = p(0.25) ? `${given} "${n.preferred}"` : n.preferred;
        if (given.includes('"')) t.push('quoted_nickname');
      }
      if (given.includes('-') && p(0.3)) { given = p(0.5) ? given.replace('-', '') : given.replace('-', ' '); t.push('hyphenated'); }
      let family = particle(n.family, style.particleStyle, t);
      if (p(0.05)) { family = slip(family); t.push('typo1'); }
      if (p(0.03)) { given = slip(given); t.push('typo1'); }
      if (p(0.015)) { given = slip(given); family = slip(family); t.push('typo2'); }
      let middle = '';
      if (n.middle && p(0.3)) {
        middle = p(0.5) ? n.middle : `${n.middle.charAt(0)}.`;
        t.push(middle.length <= 2 ? 'middle_initial' : 'middle_name');
      }
      let s: string;
      if (style.lastFirst) { s = `${family}, ${[given, middle].filter(Boolean).join(' ')}`; t.push('last_first'); }
      else if (n.familyFirst && p(0.4)) { s = [family, middle, given].filter(Boolean).join(' '); t.push('order_swap'); }
      else s = [given, middle, family].filter(Boolean).join(' ');
      s = title(s);
      if (style.credentials && p(0.7)) { s = `${s}${pick([', ', ' ', ' - '])}${pick(CRM_CREDENTIALS)}`; t.push('credential'); }
      if (style.upper) { s = s.toUpperCase(); t.push('case'); }
      if (p(0.04)) { s = s.replace(/ /g, '  '); t.push('spacing'); }
      if (style.stripAccents && /[^\x00-\x7f]/.test(s)) { s = strip(s); t.push('accent'); }
      return s;
    };
    const emailOf = (x: Person, mailbox: string, t: string[], crm: boolean): string => {
      if (p(crm ? 0.06 : 0.03)) { t.push('placeholder'); return pick(EMAIL_PLACEHOLDERS); }
      const list: string[] = [];
      if (x.email && p(0.75)) list.push(x.email);
      if (x.gmail && (list.length === 0 || p(0.2)) && p(0.8)) {
        let [l, d] = x.gmail.split('@') as [string, string];
        if (p(0.3)) { l = l.replace(/\./g, ''); t.push('gmail_dots'); }
        else if (p(0.15)) { l = l.replace(/(.)(.)/, '$1.$2'); t.push('gmail_dots'); }
        if (p(0.2)) { l = `${l}+${pick(['leads', 'homes', 'crm'])}`; t.push('gmail_plus'); }
        if (p(0.2)) { d = d.toUpperCase(); l = l.toUpperCase(); t.push('email_case'); }
        list.push(`${l}@${d}`);
      }
      if (p(crm ? 0.05 : 0.15)) list.push(mailbox);
      if (list.length === 0) { t.push('missing_email'); return ''; }
      return list.join(crm ? ';' : ', ');
    };
    const phoneOf = (x: Person, office: string | null, t: string[], crm: boolean): string => {
      if (p(0.04)) { t.push('placeholder'); return pick(PHONE_PLACEHOLDERS); }
      const list: string[] = [];
      if (x.mobile && p(0.7)) list.push(fmt(x.mobile));
      if (office && x.ext && p(0.5)) { list.push(`${fmt(office)}${pick([' ext ', ' ext. ', ' x', ' X', ',,'])}${x.ext}`); t.push('phone_ext'); }
      else if (office && !crm && p(0.1)) list.push(fmt(office));
      if (x.home && p(0.4)) list.push(fmt(x.home));
      if (list.length === 0) { t.push('missing_phone'); return ''; }
      return list.join(crm ? ' / ' : '; ');
    };

    let teamNo = 0;
    while (produced < members) {
      teamNo++;
      const teamId = `wa${seed}_${teamNo.toString(36)}`;
      const u = r();
      const size = u < 0.65 ? int(1, 4) : u < 0.95 ? int(5, 15) : int(30, 70);
      const brand = `${title(pick(ANGLO_FAMILY))} ${pick(['Partners', 'Collective', 'Realty Group', 'Home Team', '& Associates'])}`;
      const domain = `${brand.toLowerCase().replace(/[^a-z]/g, '')}.net`;
      const mailbox = `${pick(['info', 'team', 'admin', 'listings', 'sales'])}@${domain}`;
      const office = size > 3 && p(0.7) ? phone() : null;
      const people: Person[] = [];
      const usedMailboxes = new Set<string>();
      // A mail server never hands one address to two people: the second J. Lee gets jlee2.
      const mailboxFor = (local: string): string => {
        let m = local;
        for (let k = 2; usedMailboxes.has(m); k++) m = `${local}${k}`;
        usedMailboxes.add(m);
        return `${m}@${domain}`;
      };
      for (let i = 0; i < size; i++) {
        const spouse = people.length > 0 && p(0.07) ? pick(people) : null;
        let name = makeName();
        if (spouse) name = { ...makeName(), family: spouse.name.family, familyFirst: spouse.name.familyFirst };
        // One full name for two people of one team is beyond any tool: redraw.
        for (let k = 0; k < 20 && people.some((o) => o.name.given === name.given && o.name.family === name.family); k++) {
          name = spouse ? { ...makeName(), family: spouse.name.family, familyFirst: spouse.name.familyFirst } : makeName();
        }
        if (size > 20 && people.length && p(0.03)) {
          // Two different people a letter apart (Jon Lee and John Lee): the hardest honest negative.
          const o = pick(people).name;
          name = { ...o, given: o.given.length > 3 ? o.given.slice(0, -1) : `${o.given}n`, middle: null, preferred: null };
        }
        const g = strip(name.given).replace(/[^a-z]/g, '');
        const f = strip(name.family).replace(/[^a-z]/g, '');
        const x: Person = {
          id: `C${seed}-${++seq}`, name,
          email: p(0.8) ? mailboxFor(`${g.charAt(0)}${f}${p(0.15) ? int(2, 9) : ''}`) : null,
          gmail: p(0.4) ? `${g}.${f}${p(0.5) ? int(10, 99) : ''}@gmail.com` : null,
          mobile: p(0.75) ? phone() : null,
          ext: office && p(0.6) ? String(int(10, 89)) : null,
          home: spouse ? (spouse.home ??= phone()) : null,
        };
        people.push(x);
      }
      const scrapes = p(0.25) ? 2 : 1;
      for (let s = 0; s < scrapes; s++) {
        const key = `${hex(8)}-${hex(4)}-4${hex(3)}-b${hex(3)}-${hex(12)}`;
        const style: PageStyle = {
          lastFirst: p(0.12), upper: p(0.1), credentials: p(0.3), stripAccents: p(0.5),
          particleStyle: pick(['keep', 'keep', 'joined', 'capitalised', 'dropped']),
        };
        const shown = people.filter(() => p(scrapes === 2 ? 0.7 : 0.9));
        const json = shown.map((x, i) => {
          const t: string[] = [];
          const name = render(x, style, t);
          const email = emailOf(x, mailbox, t, false);
          const ph = phoneOf(x, office, t, false);
          truth.set(`company_info_raw:${key}#${i}`, x.id);
          tags.set(`company_info_raw:${key}#${i}`, [...new Set(t)]);
          produced++;
          // This site's theme names its fields differently (full_name / emails / phones), as scrapes do.
          return p(0.5) ? { full_name: name, emails: email, phones: ph, position: pick(['Agent', 'Broker', 'Associate']) }
            : { name, email, phone: ph, title: pick(['Agent', 'Broker', 'Associate', '']) };
        });
        companyRows.push({
          research_uuid: key, team_id: teamId, company_name: brand, website: `http://www.${domain}/`, team_page_url: `http://www.${domain}/our-agents`,
          team_members: JSON.stringify(json), research_email: mailbox, research_phone: office ? fmt(office) : '',
          city: pick(['Seattle', 'Portland', 'Bellevue', 'San Jose', 'San Diego']), state: pick(['WA', 'OR', 'CA']),
          researched_at: new Date(Date.UTC(2026, int(3, 10), int(1, 28), int(0, 23))).toISOString(),
        });
      }
      const crmStyle: PageStyle = { lastFirst: false, upper: false, credentials: false, stripAccents: true, particleStyle: 'keep' };
      for (const x of people) {
        if (!p(0.6)) continue;
        const key = `${hex(8)}-${hex(4)}-4${hex(3)}-9${hex(3)}-${hex(12)}`;
        const t: string[] = [];
        const style = { ...crmStyle, particleStyle: pick<PageStyle['particleStyle']>(['keep', 'keep', 'keep', 'joined', 'capitalised']), credentials: p(0.15) };
        const full = render(x, style, t);
        const split = p(0.6) && !t.includes('order_swap');
        let first = '';
        let last = '';
        if (split) {
          const n = x.name;
          first = title(strip(t.includes('nickname') && n.preferred ? n.preferred : n.given));
          if (n.middle && p(0.3)) { first += ` ${n.middle.charAt(0).toUpperCase()}.`; t.push('middle_initial'); }
          last = title(strip(n.family));
          if (p(0.1)) { last += `, ${pick(CRM_CREDENTIALS)}`; t.push('credential'); }
        }
        const email = emailOf(x, mailbox, t, true);
        const ph = phoneOf(x, office, t, true);
        truth.set(`new_agents:${key}`, x.id);
        tags.set(`new_agents:${key}`, [...new Set(t)]);
        produced++;
        agentRows.push({
          supabase_uuid: key, full_name: split ? '' : full, first_name: first, last_name: last, email, phone: ph, team_id: teamId,
          brokerage: brand, license_number: p(0.5) ? `${int(10000, 99999)}` : '', facebook_url: p(0.2) ? `https://facebook.com/${hex(6)}` : '',
          instagram_url: '', linkedin_url: '', created_at: new Date(Date.UTC(2025, int(0, 11), int(1, 28))).toISOString(),
        });
      }
    }
    return { generator: 'crm', seed, companyRows, agentRows, truth, tags };
  },
};
