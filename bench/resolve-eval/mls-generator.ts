import { SeededRandom } from '../../src/core/seeded-random.js';
import type { LabelledGenerator, LabelledSet } from './labelled-set.js';

/**
 * Evaluation generator "mls": a third, independent method, written after the engine was tuned and never tuned on. An
 * MLS roster export (fixed-width habits: upper case, "LAST FIRST MIDDLE", names cut at 12 characters) and brokerage
 * team pages, for people from South Asian, Arabic, West African, Eastern European and Irish name tables (none of which
 * the other generators use). Its corruption model is character-level noise drawn per occurrence — adjacent-key
 * substitutions, transliteration variants (Mohammed / Muhammad), dropped diacritics, initials, truncation — at rates
 * unlike the others'. Team sizes are geometric with a few very large offices. Hard negatives: siblings with similar
 * given names on the family line (Aarav / Aarush), a husband and wife whose surnames differ only by the feminine form
 * (Kowalski / Kowalska), an office main line with extensions, the office info@ address, namesakes in other teams and
 * occasionally in the same one.
 */

const TABLES: Record<string, { given: string[]; family: string[] }> = {
  southAsian: {
    given: ['aarav', 'aarush', 'priya', 'priyanka', 'rahul', 'rohan', 'ananya', 'arjun', 'deepa', 'vikram', 'sanjay', 'sunita', 'ravi', 'kavya', 'nikhil', 'pooja', 'suresh', 'lakshmi', 'venkat', 'meera'],
    family: ['krishnan', 'subramaniam', 'patel', 'sharma', 'iyer', 'reddy', 'chatterjee', 'venkataraman', 'desai', 'nair', 'mehta', 'rao', 'bhattacharya', 'kulkarni'],
  },
  arabic: {
    given: ['mohammed', 'ahmed', 'yusuf', 'omar', 'fatima', 'layla', 'khalid', 'hassan', 'amira', 'nour', 'tariq', 'samir', 'rania', 'ibrahim', 'zainab', 'karim'],
    family: ['haddad', 'khoury', 'mansour', 'nasser', 'saleh', 'hamdan', 'aziz', 'farouk', 'rahman', 'abdullah', 'qureshi', 'el-amin', 'bakr'],
  },
  westAfrican: {
    given: ['chinedu', 'ngozi', 'oluwaseun', 'adebayo', 'chiamaka', 'emeka', 'folake', 'kwame', 'ama', 'kofi', 'abena', 'tunde', 'yetunde', 'ifeanyi', 'kelechi'],
    family: ['okafor', 'adeyemi', 'mensah', 'boateng', 'okonkwo', 'balogun', 'owusu', 'nwosu', 'adebayo', 'asante', 'eze', 'oyelaran'],
  },
  eastEuropean: {
    given: ['tomasz', 'agnieszka', 'piotr', 'katarzyna', 'ivan', 'olga', 'dmitri', 'natalia', 'jiri', 'zuzana', 'bogdan', 'milena', 'andrzej', 'irina', 'lukasz'],
    family: ['kowalski', 'nowak', 'wisniewski', 'dvořák', 'novák', 'horvat', 'petrov', 'ivanov', 'kovač', 'szymański', 'wójcik', 'popescu', 'lewandowski'],
  },
  irish: {
    given: ['siobhan', 'niamh', 'ciaran', 'aoife', 'padraig', 'eoin', 'orla', 'declan', 'sinead', 'colm', 'roisin', 'cormac', 'brendan', 'maeve'],
    family: ["o'sullivan", "o'neill", 'mcnamara', 'fitzgerald', 'gallagher', 'kavanagh', "o'donnell", 'mccarthy', 'byrne', 'doyle', 'brennan', 'mac giolla'],
  },
};
const CULTURES = Object.keys(TABLES);
/** Transliteration variants: one name, several spellings a person or a clerk may use. */
const TRANSLIT: Record<string, string[]> = {
  mohammed: ['muhammad', 'mohamed', 'mohammad'], ahmed: ['ahmad'], yusuf: ['yousef', 'youssef'], omar: ['umar'],
  khalid: ['khaled'], hassan: ['hasan'], zainab: ['zaynab'], ibrahim: ['ebrahim'], dmitri: ['dmitry', 'dimitri'],
  olga: ['olha'], natalia: ['natalya'], siobhan: ['shivaun'], padraig: ['padrig'], lakshmi: ['laxmi'], venkat: ['venkatesh'],
};
/** Given names a sibling may carry that look like the first one's (hard negatives on one home line). */
const SIBLING: Record<string, string> = { aarav: 'aarush', priya: 'priyanka', rahul: 'rohan', ahmed: 'ahmad', ivan: 'ivana', kofi: 'kojo', ama: 'amma', niamh: 'naomh', eoin: 'owen', tomasz: 'tomas' };
const FEMININE_FAMILY: Record<string, string> = { kowalski: 'kowalska', wisniewski: 'wisniewska', 'szymański': 'szymańska', lewandowski: 'lewandowska', petrov: 'petrova', ivanov: 'ivanova' };
const KEYBOARD = 'qwertyuiop asdfghjkl zxcvbnm';
const DESIGNATIONS = ['MBA', 'Broker Associate', 'CRS', 'SRES', 'Associate Broker', 'REALTOR®', 'e-PRO'];
const PLACEHOLDERS = ['N/A', 'none', '-', 'n.a.', 'TBD', 'test@test.com'];

interface Person {
  id: string;
  culture: string;
  given: string;
  middle: string | null;
  family: string;
  work: string | null;
  personal: string | null;
  mobile: string | null;
  home: string | null;
  ext: string | null;
}

const title = (s: string) => s.replace(/(^|[\s\-'])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

export const mlsGenerator: LabelledGenerator = {
  name: 'mls',
  generate(members: number, seed: number): LabelledSet {
    const r = SeededRandom.salted(seed, 0x4d4c53);
    const companyRows: Record<string, string>[] = [];
    const agentRows: Record<string, string>[] = [];
    const truth = new Map<string, string>();
    const tags = new Map<string, string[]>();
    const hex = (n: number) => Array.from({ length: n }, () => r.int(0, 15).toString(16)).join('');
    const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
    const areas = ['646', '718', '917', '347', '201', '973', '732', '516', '631', '914'];
    const phoneNumber = () => `${r.pick(areas)}${r.int(200, 989)}${String(r.int(0, 9999)).padStart(4, '0')}`;
    const fmtPhone = (d: string, ext: string | null) => {
      const s = r.pick([`(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`, `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`, `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`, d]);
      return ext ? `${s}${r.pick([' ext. ', ' x', ' ext ', '#'])}${ext}` : s;
    };
    const typo = (w: string) => {
      if (w.length < 4) return w;
      const i = r.int(1, w.length - 2);
      const row = KEYBOARD.split(' ').find((k) => k.includes(w[i]!));
      if (!row || r.chance(0.4)) return w.slice(0, i) + w.slice(i + 1); // a dropped letter
      const at = row.indexOf(w[i]!);
      const next = row[at + (at > 0 && r.chance(0.5) ? -1 : 1)] ?? row[at - 1]!;
      return w.slice(0, i) + next + w.slice(i + 1);
    };
    let people = 0;
    let produced = 0;
    let teamNo = 0;
    while (produced < members) {
      teamNo++;
      const teamId = `mls-${String(teamNo).padStart(5, '0')}-${hex(3)}`;
      const domain = `${r.pick(['metro', 'harbor', 'empire', 'liberty', 'garden', 'hudson'])}${r.pick(['homes', 'realty', 'properties', 'brokers'])}${r.int(10, 999)}.com`;
      const office = r.chance(0.7) ? phoneNumber() : null;
      const size = r.chance(0.03) ? r.int(80, 160) : 1 + Math.floor(-Math.log(1 - r.next()) * 5);
      const team: Person[] = [];
      for (let k = 0; k < size; k++) {
        const culture = r.pick(CULTURES);
        const t = TABLES[culture]!;
        const relative = team.length > 0 && r.chance(0.1) ? r.pick(team) : null;
        let given = r.pick(t.given);
        let family = r.pick(t.family);
        let home: string | null = r.chance(0.3) ? phoneNumber() : null;
        if (relative) {
          // A sibling or a spouse: the family's name and home line, a given name that may look alike.
          family = FEMININE_FAMILY[relative.family] && r.chance(0.5) ? FEMININE_FAMILY[relative.family]! : relative.family;
          given = SIBLING[relative.given] ?? r.pick(TABLES[relative.culture]!.given.filter((g) => g !== relative.given));
          relative.home ??= phoneNumber();
          home = relative.home;
        } else if (team.length > 0 && r.chance(0.02)) {
          // A namesake in the same office, with identifiers of their own.
          const other = r.pick(team);
          given = other.given;
          family = other.family;
        }
        // Outside the deliberate cases, an office does not hold two people of one name: draw again.
        if (!relative && team.some((o) => o.given === given && o.family === family) && r.chance(0.98)) { k--; continue; }
        const id = `p${++people}`;
        const plain = strip(family).replace(/[^a-z]/g, '');
        // The office hands out mailboxes: a second J. Smith gets jsmith2@.
        const taken = (m: string) => team.some((o) => o.work === m);
        let work = `${r.chance(0.5) ? `${given}.${plain}` : `${given[0]}${plain}`}@${domain}`;
        for (let n = 2; taken(work); n++) work = work.replace(/\d*@/, `${n}@`);
        team.push({
          id, culture, given, family, middle: r.chance(0.25) ? r.pick(t.given) : null,
          work: r.chance(0.75) ? work : null,
          personal: r.chance(0.35) ? `${given}${r.chance(0.5) ? '.' : ''}${plain}${r.int(1, 99)}@${r.pick(['gmail.com', 'outlook.com', 'yahoo.com'])}` : null,
          mobile: r.chance(0.6) ? phoneNumber() : null, home, ext: office && r.chance(0.5) ? String(r.int(100, 399)) : null,
        });
      }
      // Each occurrence's name, e-mails and phones, corrupted independently.
      const occurrence = (x: Person, mls: boolean) => {
        const t: string[] = [];
        let given = x.given;
        let family = x.family;
        const alt = TRANSLIT[given];
        if (alt && r.chance(0.25)) { given = r.pick(alt); t.push('transliteration'); }
        if (r.chance(0.07)) { if (r.chance(0.5)) given = typo(given); else family = typo(family); t.push('typo'); }
        if (r.chance(0.3)) { family = strip(family); given = strip(given); if (family !== x.family) t.push('accents'); }
        let name: string;
        if (mls) {
          // The MLS export: LAST FIRST MIDDLE in capitals, each field cut at 12 characters.
          const cut = (s: string) => { if (s.length > 12) t.push('truncated'); return s.slice(0, 12); };
          const mid = x.middle && r.chance(0.6) ? ` ${r.chance(0.5) ? x.middle[0]! : x.middle}` : '';
          if (mid) t.push('middle');
          name = `${cut(family)}${r.chance(0.5) ? ',' : ''} ${cut(given)}${mid}`.toUpperCase();
          t.push('last_first', 'case');
        } else {
          const initial = r.chance(0.06);
          if (initial) t.push('initial');
          const mid = !initial && x.middle && r.chance(0.2) ? ` ${x.middle}` : '';
          if (mid) t.push('middle');
          name = `${initial ? `${given[0]!.toUpperCase()}.` : title(given)}${mid ? title(mid) : ''} ${title(family)}`;
          if (r.chance(0.12)) { name += `${r.chance(0.5) ? ', ' : ' '}${r.pick(DESIGNATIONS)}`; t.push('credential'); }
          if (r.chance(0.05)) { name = `  ${name.replace(' ', '   ')} `; t.push('spacing'); }
        }
        const emails: string[] = [];
        if (x.work && r.chance(0.8)) emails.push(r.chance(0.1) ? x.work.toUpperCase() : x.work);
        if (x.personal && r.chance(0.5)) emails.push(x.personal.replace(/\./, r.chance(0.3) ? '' : '.'));
        if (r.chance(0.08)) { emails.push(`info@${domain}`); t.push('team_mailbox'); }
        if (emails.length === 0 && r.chance(0.15)) { emails.push(r.pick(PLACEHOLDERS)); t.push('placeholder'); }
        if (emails.length === 0) t.push('no_email');
        const phones: string[] = [];
        if (x.mobile && r.chance(0.7)) phones.push(fmtPhone(x.mobile, null));
        if (office && x.ext && r.chance(0.5)) { phones.push(fmtPhone(office, x.ext)); t.push('office_extension'); }
        if (x.home && r.chance(0.4)) { phones.push(fmtPhone(x.home, null)); t.push('family_line'); }
        if (phones.length === 0) t.push('no_phone');
        return { name, email: emails.join(r.pick([', ', '; ', ' / '])), phone: phones.join(r.pick([' / ', ', ', '; '])), tags: t };
      };
      const pages = r.chance(0.3) ? 2 : 1;
      for (let s = 0; s < pages; s++) {
        const key = uuid();
        const shown = team.filter(() => r.chance(0.85));
        const json = shown.map((x, i) => {
          const o = occurrence(x, false);
          truth.set(`company_info_raw:${key}#${i}`, x.id);
          tags.set(`company_info_raw:${key}#${i}`, o.tags);
          produced++;
          return { name: o.name, email: o.email, phone: o.phone, title: r.pick(['Agent', 'Licensed Salesperson', 'Broker', '']) };
        });
        companyRows.push({
          research_uuid: key, team_id: teamId, company_name: title(domain.split('.')[0]!), website: `https://${domain}`, team_page_url: `https://${domain}/agents`,
          team_members: JSON.stringify(json), research_email: `info@${domain}`, research_phone: office ? fmtPhone(office, null) : '',
          city: r.pick(['New York', 'Jersey City', 'Yonkers', 'Newark']), state: r.pick(['NY', 'NJ']), researched_at: '2026-09-01T00:00:00.000Z',
        });
      }
      for (const x of team) {
        const copies = r.chance(0.55) ? (r.chance(0.2) ? 2 : 1) : 0;
        for (let c = 0; c < copies; c++) {
          const key = uuid();
          const o = occurrence(x, r.chance(0.7));
          truth.set(`new_agents:${key}`, x.id);
          tags.set(`new_agents:${key}`, o.tags);
          produced++;
          agentRows.push({
            supabase_uuid: key, full_name: o.name, first_name: '', last_name: '', email: o.email, phone: o.phone, team_id: teamId,
            brokerage: title(domain.split('.')[0]!), license_number: r.chance(0.6) ? String(r.int(10_000_000, 99_999_999)) : '',
            facebook_url: '', instagram_url: '', linkedin_url: '', created_at: '2026-01-15T00:00:00.000Z',
          });
        }
      }
    }
    return { generator: 'mls', seed, companyRows, agentRows, truth, tags };
  },
};
