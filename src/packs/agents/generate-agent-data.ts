import { SeededRandom } from '../../core/seeded-random.js';
import { DAY_MS } from '../../core/day-ms.js';
/**
 * A labelled generator of agents-pack data with realistic noise: the two CSVs' rows (the seed's columns) and, for
 * every occurrence, the person it really is. Deterministic for a seed. Used by the benchmark, the tests and the
 * sample files shipped with the pack.
 */
const FIRST = ('james robert john michael david william richard joseph thomas christopher charles daniel matthew anthony ' +
  'mark donald steven andrew joshua kenneth kevin brian timothy ronald jason jeffrey ryan jacob gary nicholas eric ' +
  'jonathan stephen larry justin scott brandon benjamin samuel gregory alexander patrick frank raymond jack dennis ' +
  'jerry tyler aaron henry douglas peter adam nathan zachary walter kyle harold carl arthur gerald roger keith ' +
  'mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty sandra margaret ashley ' +
  'kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca sharon laura cynthia amy angela ' +
  'brenda emma olivia catherine christina samantha katherine rachel carolyn janet maria heather diane julie joyce ' +
  'victoria kelly christine lauren joan evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ' +
  'priya wei mohammed fatima diego lucia hiroshi yuki olga ivan aisha kwame mei arjun sofia mateo').split(' ');
const LAST = ('smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson ' +
  'anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson ' +
  'walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell ' +
  'mitchell carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales ' +
  'murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson ' +
  'watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ' +
  'ross foster jimenez powell jenkins perry russell sullivan bell coleman butler henderson barnes fisher vasquez ' +
  'simmons romero jordan patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant ' +
  'herrera gibson ellis tran medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald').split(' ');
const NICK: Record<string, string> = {
  robert: 'bob', william: 'bill', richard: 'rick', michael: 'mike', james: 'jim', joseph: 'joe', thomas: 'tom',
  christopher: 'chris', charles: 'charlie', daniel: 'dan', matthew: 'matt', anthony: 'tony', steven: 'steve',
  andrew: 'andy', joshua: 'josh', kenneth: 'ken', timothy: 'tim', ronald: 'ron', jeffrey: 'jeff', nicholas: 'nick',
  jonathan: 'jon', samuel: 'sam', gregory: 'greg', alexander: 'alex', patrick: 'pat', raymond: 'ray', gerald: 'jerry',
  elizabeth: 'liz', margaret: 'maggie', jennifer: 'jen', patricia: 'trish', jessica: 'jess', katherine: 'kathy',
  catherine: 'cathy', rebecca: 'becky', stephanie: 'steph', samantha: 'sam', victoria: 'vicky', deborah: 'debbie',
  susan: 'sue', christina: 'tina', kimberly: 'kim', benjamin: 'ben', douglas: 'doug', peter: 'pete', zachary: 'zach',
  walter: 'walt', barbara: 'barb', cynthia: 'cindy', jacqueline: 'jackie', judith: 'judy', teresa: 'terri',
};
const AREA = ['212', '305', '312', '415', '512', '617', '702', '713', '773', '808', '919', '404', '206', '303', '602'];
const CITIES = [['Austin', 'TX'], ['Miami', 'FL'], ['Denver', 'CO'], ['Seattle', 'WA'], ['Phoenix', 'AZ'], ['Atlanta', 'GA'], ['Chicago', 'IL']] as const;
const WORDS = 'summit harbor oak maple pioneer keystone crest river cedar liberty beacon horizon coastal heritage'.split(' ');

export interface GenerateOptions {
  /** Roughly how many member occurrences (company members + agents) to produce. */
  readonly members: number;
  readonly seed?: number;
  readonly now?: Date;
}

export interface GeneratedAgentData {
  readonly companyRows: Record<string, string>[];
  readonly agentRows: Record<string, string>[];
  /** Record id as the pipeline names it (`company_info_raw:<uuid>#<i>`, `new_agents:<uuid>`) → true person id. */
  readonly truth: Map<string, string>;
}

interface Person {
  id: string;
  first: string;
  last: string;
  email: string;
  personal: string | null;
  phone: string;
  ext: string | null;
  license: string;
}

export function generateAgentData(opts: GenerateOptions): GeneratedAgentData {
  const gen = new SeededRandom(opts.seed ?? 42);
  const r = (): number => gen.next();
  const chance = (p: number) => r() < p;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
  const usedPhones = new Set<string>();
  const phoneNumber = () => {
    for (;;) {
      const p = `${pick(AREA)}${int(2, 9)}${int(0, 9)}${int(0, 9)}${String(int(0, 9999)).padStart(4, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const fmtPhone = (p: string, ext: string | null) => {
    const [a, b, c] = [p.slice(0, 3), p.slice(3, 6), p.slice(6)];
    const base = pick([`(${a}) ${b}-${c}`, `${a}.${b}.${c}`, `+1 ${a} ${b} ${c}`, `${a}${b}${c}`, `${a}-${b}-${c}`]);
    return ext ? `${base} ${pick(['ext. ', 'x', 'ext '])}${ext}` : base;
  };
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const typo = (s: string) => {
    if (s.length < 4) return s;
    const i = int(1, s.length - 2);
    return chance(0.5) ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s.slice(0, i) + s.slice(i + 1);
  };
  const nameVariant = (p: Person): string => {
    let first = p.first;
    let last = p.last;
    if (NICK[first] && chance(0.12)) first = NICK[first]!;
    else if (chance(0.04)) first = typo(first);
    if (chance(0.04)) last = typo(last);
    let s = chance(0.03) ? `${cap(last)}, ${cap(first)}` : `${cap(first)} ${cap(last)}`;
    if (chance(0.06)) s = s.toUpperCase();
    if (chance(0.05)) s = ` ${s.replace(' ', '  ')} `;
    return s;
  };
  const emailVariant = (p: Person, mailbox: string): string => {
    if (chance(0.15)) return chance(0.3) ? mailbox : '';
    let list = [chance(0.08) && p.personal ? p.personal : p.email];
    if (p.personal && chance(0.1)) list.push(p.personal);
    if (chance(0.08)) list.push(mailbox);
    if (chance(0.08)) list = list.map((e) => pick([e.toUpperCase(), ` ${e} `, `mailto:${e}`]));
    return list.join(pick(['; ', ', ', ' / ']));
  };
  const phoneVariant = (p: Person, office: string): string => {
    if (chance(0.2)) return chance(0.3) ? fmtPhone(office, null) : '';
    const own = fmtPhone(p.phone, p.ext);
    return chance(0.1) && !p.ext ? `${own} / ${fmtPhone(office, null)}` : own;
  };

  const companyRows: Record<string, string>[] = [];
  const agentRows: Record<string, string>[] = [];
  const truth = new Map<string, string>();
  const now = (opts.now ?? new Date('2026-11-01T00:00:00Z')).getTime();
  const stamp = () => new Date(now - int(0, 400) * DAY_MS).toISOString();
  let produced = 0;
  let personSeq = 0;
  while (produced < opts.members) {
    const teamId = `team-${String(companyRows.length + agentRows.length).padStart(7, '0')}-${hex(4)}`;
    const domain = `${pick(WORDS)}${pick(WORDS)}${int(1, 999)}.com`;
    const brokerage = `${cap(pick(WORDS))} ${cap(pick(WORDS))} Realty`;
    const office = phoneNumber();
    const officeExt = chance(0.4);
    const mailbox = chance(0.5) ? `info@${domain}` : `team@${domain}`;
    const [city, state] = pick(CITIES);
    const people: Person[] = [];
    const size = chance(0.15) ? int(10, 30) : int(2, 9);
    const usedEmails = new Set<string>();
    for (let i = 0; i < size; i++) {
      const family = people.length > 0 && chance(0.08) ? pick(people) : null;
      const first = pick(FIRST);
      const last = family ? family.last : pick(LAST);
      let email = `${first}.${last}@${domain}`;
      if (usedEmails.has(email)) email = `${first}.${last}${i}@${domain}`;
      usedEmails.add(email);
      people.push({
        id: `p${++personSeq}`, first, last, email,
        personal: chance(0.3) ? `${first}${last}${int(1, 99)}@${pick(['gmail.com', 'yahoo.com', 'outlook.com'])}` : null,
        // A family shares the home line; an office with extensions gives each agent the main number plus one.
        phone: family ? family.phone : officeExt && chance(0.5) ? office : phoneNumber(),
        ext: null,
        license: `${state}${int(100000, 999999)}`,
      });
      const last1 = people[people.length - 1]!;
      if (last1.phone === office) last1.ext = String(100 + i);
    }
    const pages = chance(0.1) ? 2 : 1;
    for (let pg = 0; pg < pages; pg++) {
      const key = uuid();
      const members = people.filter(() => chance(pages === 2 ? 0.6 : 0.85));
      const json = members.map((p, idx) => {
        truth.set(`company_info_raw:${key}#${idx}`, p.id);
        const name = chance(0.02) ? '' : nameVariant(p);
        return { name, email: emailVariant(p, mailbox), phone: phoneVariant(p, office), title: pick(['Agent', 'Realtor', 'Broker', 'Team Lead', '']) };
      });
      produced += members.length;
      companyRows.push({
        research_uuid: key, team_id: teamId, company_name: brokerage, website: `https://www.${domain}`,
        team_page_url: `https://www.${domain}/team`, team_members: JSON.stringify(json), research_email: mailbox,
        research_phone: fmtPhone(office, null), city, state, researched_at: stamp(),
      });
    }
    for (const p of people) {
      if (!chance(0.6)) continue;
      const key = uuid();
      truth.set(`new_agents:${key}`, p.id);
      produced++;
      const full = nameVariant(p).trim();
      const split = chance(0.2);
      agentRows.push({
        supabase_uuid: key, full_name: split ? '' : full, first_name: split ? cap(p.first) : '', last_name: split ? cap(p.last) : '',
        email: emailVariant(p, mailbox), phone: phoneVariant(p, office), team_id: teamId, brokerage,
        license_number: chance(0.7) ? p.license : '', facebook_url: chance(0.3) ? `https://facebook.com/${p.first}${p.last}` : '',
        instagram_url: chance(0.2) ? `https://instagram.com/${p.first}.${p.last}` : '',
        linkedin_url: chance(0.4) ? `https://linkedin.com/in/${p.first}-${p.last}` : '', created_at: stamp(),
      });
    }
  }
  return { companyRows, agentRows, truth };
}

export const COMPANY_COLUMNS = ['research_uuid', 'team_id', 'company_name', 'website', 'team_page_url', 'team_members',
  'research_email', 'research_phone', 'city', 'state', 'researched_at'] as const;
export const AGENT_COLUMNS = ['supabase_uuid', 'full_name', 'first_name', 'last_name', 'email', 'phone', 'team_id', 'brokerage',
  'license_number', 'facebook_url', 'instagram_url', 'linkedin_url', 'created_at'] as const;
