import type { LabelledGenerator, LabelledSet } from './labelled-set.js';

/**
 * Evaluation generator "roster": US real-estate teams, people drawn from US and Hispanic name tables (accents,
 * compound and hyphenated surnames, generational suffixes, credentials), every occurrence rendered independently with
 * its own draw of each corruption (independent per-type rates). Hard negatives: families sharing a home line,
 * siblings whose nicknames are ambiguous (Chris, Alex, Sam, Pat…), an office line with one extension per agent, the
 * team mailbox on several members, namesakes in other teams. Written apart from the project's own generator (other
 * tables, other PRNG, other rates) so that the engine cannot be tuned to it by accident.
 */

// sfc32: another PRNG than the project generator's, so no seed shares a stream with it.
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

// given name → its usual short forms (a person may go by either; both directions occur).
const US_GIVEN: Record<string, string[]> = {
  william: ['bill', 'will', 'billy'], robert: ['bob', 'rob', 'bobby'], richard: ['rick', 'dick', 'rich'], james: ['jim', 'jimmy'],
  john: ['jack', 'johnny'], joseph: ['joe', 'joey'], thomas: ['tom', 'tommy'], charles: ['chuck', 'charlie'],
  michael: ['mike', 'mikey'], edward: ['ed', 'eddie', 'ted'], anthony: ['tony'], daniel: ['dan', 'danny'],
  matthew: ['matt'], christopher: ['chris'], nicholas: ['nick'], benjamin: ['ben'], jonathan: ['jon'],
  alexander: ['alex'], samuel: ['sam'], patrick: ['pat'], gregory: ['greg'], lawrence: ['larry'], ronald: ['ron'],
  donald: ['don'], kenneth: ['ken'], stephen: ['steve'], timothy: ['tim'], frederick: ['fred'], gerald: ['jerry'],
  douglas: ['doug'], raymond: ['ray'], theodore: ['ted', 'teddy'], andrew: ['andy', 'drew'], zachary: ['zach'],
  elizabeth: ['liz', 'beth', 'betsy'], margaret: ['peggy', 'maggie', 'meg'], katherine: ['kate', 'kathy', 'katie'],
  jennifer: ['jenny', 'jen'], patricia: ['patty', 'pat', 'trish'], susan: ['sue', 'susie'], deborah: ['deb', 'debbie'],
  christina: ['chris', 'tina'], alexandra: ['alex', 'sandra'], samantha: ['sam'], rebecca: ['becky'],
  victoria: ['vicky', 'tori'], kimberly: ['kim'], jessica: ['jess'], abigail: ['abby'], pamela: ['pam'],
  cynthia: ['cindy'], judith: ['judy'], barbara: ['barb'], dorothy: ['dot'], virginia: ['ginny'],
  melissa: ['missy'], stephanie: ['steph'], jacqueline: ['jackie'], allison: ['ally'],
  mark: [], brian: [], kevin: [], jason: [], eric: [], scott: [], adam: [], kyle: [], tyler: [], ryan: [], aaron: [],
  mary: [], linda: [], karen: [], lisa: [], nancy: [], sandra: [], ashley: [], amy: [], angela: [], heather: [],
  megan: [], laura: [], sharon: [], michelle: [], amanda: [], emily: [], rachel: [], lauren: [], brittany: [],
};
const HISPANIC_GIVEN: Record<string, string[]> = {
  'josé': ['pepe'], francisco: ['paco', 'pancho'], guadalupe: ['lupe'], 'jesús': ['chuy'], alejandro: ['alex'],
  roberto: ['beto'], alberto: ['beto'], enrique: ['kike'], ignacio: ['nacho'], eduardo: ['lalo'], manuel: ['manny'],
  antonio: ['toño', 'tony'], rosario: ['charo'], dolores: ['lola'], 'maría': [], carmen: [], 'sofía': [], 'lucía': [],
  'martín': [], 'andrés': [], 'raúl': [], 'ramón': [], 'héctor': [], 'óscar': [], diego: [], javier: [], luis: [],
  carlos: [], fernando: [], gabriela: ['gaby'], isabel: ['isa'], 'verónica': ['vero'], adriana: [], ximena: [],
};
const US_FAMILY = ('smith johnson williams brown jones miller davis wilson anderson taylor thomas moore martin jackson ' +
  'thompson white harris clark lewis robinson walker young allen king wright scott hill green adams baker nelson ' +
  'carter mitchell roberts turner phillips campbell parker evans edwards collins stewart morris murphy cook rogers ' +
  'morgan cooper peterson bailey reed kelly howard cox ward richardson watson brooks wood james bennett gray hughes ' +
  'price sanders myers long ross foster powell jenkins perry russell sullivan bell coleman butler henderson barnes ' +
  'fisher simmons patterson jordan reynolds hamilton graham wallace west cole hayes bryant gibson ellis stevens ' +
  'murray ford marshall owens harrison mcdonald kennedy wells dixon hunt palmer black holmes stone meyer boyd mills ' +
  'warren fox rose rice moreno schmidt knight ferguson hawkins dunn weaver lane').split(' ');
const HISPANIC_FAMILY = ('garcía rodríguez martínez hernández lópez gonzález pérez sánchez ramírez torres flores rivera ' +
  'gómez díaz cruz morales reyes gutiérrez ortiz ramos ruiz chávez mendoza castillo jiménez vásquez romero herrera ' +
  'medina aguilar núñez muñoz ibáñez peña domínguez guzmán vargas castro ortega delgado salazar').split(' ');
const SUFFIXES = ['Jr.', 'Sr.', 'II', 'III', 'IV'];
const CREDENTIALS = ['CRS', 'GRI', 'ABR', 'REALTOR®', 'Realtor', 'SRES', 'e-PRO', 'CRS, GRI', 'ABR, SRS', 'Broker'];
// Siblings whose usual short form is the same: a record saying only "Chris" cannot tell them apart.
const AMBIGUOUS_SIBLINGS: readonly [string, string][] = [
  ['christopher', 'christina'], ['alexander', 'alexandra'], ['samuel', 'samantha'], ['patrick', 'patricia'],
];
const EMAIL_PLACEHOLDERS = ['N/A', 'n/a', 'none', '-', 'test@test.com', 'noemail@noemail.com', 'na', 'null'];
const PHONE_PLACEHOLDERS = ['N/A', 'none', '-', '000-000-0000', '(000) 000-0000', 'TBD'];
const STREETS = 'lakeview ridge prairie canyon meadow willow stonegate bluebonnet magnolia palmetto sierra'.split(' ');

interface Person {
  id: string;
  given: string;
  nicks: string[];
  middle: string | null;
  family: string;
  suffix: string | null;
  workEmail: string | null;
  personalEmail: string | null;
  cell: string | null;
  officeExt: string | null;
  home: string | null;
}

const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const cap = (s: string) => s.split(/([ -])/).map((w) => (w === ' ' || w === '-' ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');

export const rosterGenerator: LabelledGenerator = {
  name: 'roster',
  generate(members: number, seed: number): LabelledSet {
    const r = sfc32(seed);
    const p = (x: number) => r() < x;
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    const pick = <T>(l: readonly T[]): T => l[Math.floor(r() * l.length)]!;
    const id = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join('');
    const uuid = () => `${id(8)}-${id(4)}-4${id(3)}-a${id(3)}-${id(12)}`;
    const phones = new Set<string>();
    const newPhone = () => {
      for (;;) {
        const n = `${pick(['214', '469', '972', '512', '737', '210', '713', '832', '281', '480', '602', '305', '786'])}${int(200, 989)}${String(int(0, 9999)).padStart(4, '0')}`;
        if (!phones.has(n)) { phones.add(n); return n; }
      }
    };
    const fmt = (n: string) => pick([`(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`, `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
      `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}`, `+1 (${n.slice(0, 3)}) ${n.slice(3, 6)} ${n.slice(6)}`, `1${n}`]);
    const typo = (s: string) => {
      const letters = [...s];
      if (letters.length < 4) return s;
      const i = int(1, letters.length - 2);
      const kind = int(0, 3);
      if (kind === 0) letters.splice(i, 1);
      else if (kind === 1) letters.splice(i, 0, letters[i]!);
      else if (kind === 2) [letters[i], letters[i + 1]] = [letters[i + 1] ?? letters[i]!, letters[i]!];
      else letters[i] = pick([...'aeiourstnl']);
      return letters.join('');
    };

    const companyRows: Record<string, string>[] = [];
    const agentRows: Record<string, string>[] = [];
    const truth = new Map<string, string>();
    const tags = new Map<string, string[]>();
    const previousNames: [string, string][] = [];
    let produced = 0;
    let seq = 0;
    let teamNo = 0;

    const newPerson = (domain: string, office: string | null, famOf: Person | null, givenForced?: string): Person => {
      const hispanic = famOf ? HISPANIC_FAMILY.some((f) => famOf.family.includes(f)) : p(0.3);
      const table = hispanic ? HISPANIC_GIVEN : US_GIVEN;
      let given = givenForced ?? pick(Object.keys(table));
      let family: string;
      if (famOf) family = famOf.family;
      else if (p(0.04) && previousNames.length) [given, family] = pick(previousNames); // a namesake of someone in another team
      else if (hispanic) family = p(0.35) ? `${pick(HISPANIC_FAMILY)} ${pick(HISPANIC_FAMILY)}` : pick(HISPANIC_FAMILY);
      else family = p(0.06) ? `${pick(US_FAMILY)}-${pick(US_FAMILY)}` : pick(US_FAMILY);
      const nicks = US_GIVEN[given] ?? HISPANIC_GIVEN[given] ?? [];
      const local = `${strip(given)}.${strip(family).replace(/[ -]/g, '')}`;
      const person: Person = {
        id: `R${seed}-${++seq}`, given, nicks,
        middle: p(0.35) ? pick(Object.keys(p(0.5) ? US_GIVEN : HISPANIC_GIVEN)) : null,
        family, suffix: !hispanic && p(0.05) ? pick(SUFFIXES) : null,
        workEmail: p(0.75) ? `${local}${p(0.1) ? int(1, 9) : ''}@${domain}` : null,
        personalEmail: p(0.45) ? `${strip(given)}${strip(family).replace(/[ -]/g, '')}${int(1, 99)}@${pick(['gmail.com', 'gmail.com', 'yahoo.com', 'hotmail.com', 'icloud.com'])}` : null,
        cell: p(0.8) ? newPhone() : null,
        officeExt: office && p(0.5) ? String(int(100, 399)) : null,
        home: famOf ? famOf.home ?? famOf.cell : null,
      };
      if (famOf && !famOf.home) famOf.home = person.home;
      previousNames.push([given, family]);
      if (previousNames.length > 500) previousNames.shift();
      return person;
    };

    /** One rendering of a person's name with independently drawn corruptions; tags say which. */
    const renderName = (x: Person, t: string[]): string => {
      let given = x.given;
      if (x.nicks.length && p(0.22)) { given = pick(x.nicks); t.push('nickname'); }
      let family = x.family;
      if (family.includes(' ') && p(0.35)) { family = family.split(' ')[0]!; t.push('compound_surname'); }
      else if (family.includes('-') && p(0.4)) { family = p(0.5) ? family.split('-')[0]! : family.replace('-', ' '); t.push('hyphenated'); }
      if (p(0.07)) { if (p(0.5)) given = typo(given); else family = typo(family); t.push('typo1'); }
      else if (p(0.025)) { given = typo(given); family = typo(family); t.push('typo2'); }
      let middle = '';
      if (x.middle && p(0.25)) { middle = cap(x.middle); t.push('middle_name'); }
      else if (x.middle && p(0.25)) { middle = `${x.middle.charAt(0).toUpperCase()}${p(0.7) ? '.' : ''}`; t.push('middle_initial'); }
      let s: string;
      if (p(0.09)) { s = `${cap(family)}, ${cap(given)}${middle ? ` ${middle}` : ''}`; t.push('last_first'); }
      else s = [cap(given), middle, cap(family)].filter(Boolean).join(' ');
      if (x.suffix && p(0.6)) { s += p(0.5) ? ` ${x.suffix}` : `, ${x.suffix}`; t.push('suffix'); }
      if (p(0.1)) { s += `${p(0.5) ? ', ' : ' '}${pick(CREDENTIALS)}`; t.push('credential'); }
      if (/[^\x00-\x7f]/.test(s) && p(0.45)) { s = strip(s); t.push('accent'); }
      if (p(0.08)) { s = p(0.6) ? s.toUpperCase() : s.toLowerCase(); t.push('case'); }
      if (p(0.05)) { s = ` ${s.replace(' ', '  ')}  `; t.push('spacing'); }
      return s;
    };
    const gmailVariant = (e: string, t: string[]): string => {
      const [local, dom] = e.split('@') as [string, string];
      if (dom !== 'gmail.com') return e;
      let l = local;
      if (p(0.25)) { const i = int(1, l.length - 1); l = `${l.slice(0, i)}.${l.slice(i)}`; t.push('gmail_dots'); }
      if (p(0.15)) { l = `${l}+${pick(['realestate', 'work', 'mls', 'zillow'])}`; t.push('gmail_plus'); }
      return `${l}@${p(0.3) ? 'googlemail.com' : dom}`.replace('@googlemail.com', p(0.5) ? '@googlemail.com' : '@gmail.com');
    };
    const renderEmails = (x: Person, mailbox: string, t: string[]): string => {
      if (p(0.05)) { t.push('placeholder'); return pick(EMAIL_PLACEHOLDERS); }
      const list: string[] = [];
      if (x.workEmail && p(0.8)) list.push(x.workEmail);
      if (x.personalEmail && (list.length === 0 ? p(0.7) : p(0.25))) list.push(gmailVariant(x.personalEmail, t));
      if (p(0.1)) list.push(mailbox);
      if (list.length === 0) { t.push('missing_email'); return ''; }
      let s = list.join(pick([', ', '; ', ' / ']));
      if (p(0.08)) { s = s.toUpperCase(); t.push('email_case'); }
      return s;
    };
    const renderPhones = (x: Person, office: string | null, t: string[]): string => {
      if (p(0.04)) { t.push('placeholder'); return pick(PHONE_PLACEHOLDERS); }
      const list: string[] = [];
      if (x.cell && p(0.75)) list.push(fmt(x.cell));
      if (office && x.officeExt && p(0.6)) { list.push(`${fmt(office)} ${pick(['x', 'ext. ', 'ext ', 'x.'])}${x.officeExt}`); t.push('phone_ext'); }
      if (x.home && p(0.5)) list.push(fmt(x.home));
      if (list.length === 0) { t.push('missing_phone'); return ''; }
      return list.join(pick([' / ', ', ', '; ']));
    };
    const add = (rid: string, x: Person, t: string[]) => {
      truth.set(rid, x.id);
      tags.set(rid, [...new Set(t)]);
      produced++;
    };

    while (produced < members) {
      teamNo++;
      const teamId = `TX-${seed}-${String(teamNo).padStart(5, '0')}`;
      const domain = `${pick(STREETS)}${pick(['homes', 'realty', 'group', 'properties'])}${int(1, 99)}.com`;
      const mailbox = `${pick(['info', 'team', 'office', 'contact', 'hello'])}@${domain}`;
      const office = p(0.6) ? newPhone() : null;
      const size = Math.min(40, 1 + Math.floor(-Math.log(1 - r()) * 6));
      const people: Person[] = [];
      // Two different people with one full name in one team are a data problem no tool can solve: redraw them.
      const fresh = (make: () => Person): Person => {
        for (let k = 0; ; k++) {
          const x = make();
          if (k > 20 || !people.some((o) => o.given === x.given && o.family === x.family)) return x;
          seq--;
        }
      };
      for (let i = 0; i < size; i++) {
        if (people.length > 0 && p(0.05)) {
          // Siblings with one ambiguous short form, sharing the home line.
          const [g1, g2] = pick(AMBIGUOUS_SIBLINGS);
          const a = fresh(() => newPerson(domain, office, null, g1));
          a.home = a.home ?? newPhone();
          people.push(a, fresh(() => newPerson(domain, office, a, g2)));
          i++;
        } else {
          const fam = people.length > 0 && p(0.08) ? pick(people) : null;
          people.push(fresh(() => newPerson(domain, office, fam)));
        }
      }
      const pages = p(0.18) ? 2 : 1;
      for (let pg = 0; pg < pages; pg++) {
        const key = uuid();
        const shown = people.filter(() => p(pages === 2 ? 0.65 : 0.85));
        const json = shown.map((x, i) => {
          const t: string[] = [];
          const name = renderName(x, t);
          const email = renderEmails(x, mailbox, t);
          const phone = renderPhones(x, office, t);
          add(`company_info_raw:${key}#${i}`, x, t);
          return { name, email, phone, title: pick(['Realtor', 'REALTOR®', 'Agent', 'Broker Associate', 'Team Lead', '']) };
        });
        companyRows.push({
          research_uuid: key, team_id: teamId, company_name: `${cap(domain.replace(/\d+\.com$/, ''))}`, website: `https://${domain}`,
          team_page_url: `https://${domain}/about/team`, team_members: JSON.stringify(json), research_email: mailbox,
          research_phone: office ? fmt(office) : '', city: pick(['Dallas', 'Austin', 'Houston', 'San Antonio', 'Phoenix', 'Miami']),
          state: pick(['TX', 'AZ', 'FL']), researched_at: new Date(Date.UTC(2026, int(0, 9), int(1, 28))).toISOString(),
        });
      }
      for (const x of people) {
        const copies = p(0.55) ? (p(0.06) ? 2 : 1) : 0;
        for (let c = 0; c < copies; c++) {
          const key = uuid();
          const t: string[] = [];
          const split = p(0.3);
          const name = renderName(x, t);
          const email = renderEmails(x, mailbox, t);
          const phone = renderPhones(x, office, t);
          add(`new_agents:${key}`, x, t);
          // A CRM with first and last name fields: "Smith, John" lands as first John, last Smith.
          const clean = name.trim().replace(/\s+/g, ' ');
          const comma = clean.indexOf(',');
          const [first, ...rest] = t.includes('last_first') && comma > 0
            ? [clean.slice(comma + 1).trim(), clean.slice(0, comma)]
            : clean.split(' ');
          agentRows.push({
            supabase_uuid: key, full_name: split ? '' : name, first_name: split ? (first ?? '') : '', last_name: split ? rest.join(' ') : '',
            email, phone, team_id: teamId, brokerage: cap(domain.replace(/\d+\.com$/, '')), license_number: p(0.6) ? String(int(400000, 799999)) : '',
            facebook_url: '', instagram_url: '', linkedin_url: p(0.3) ? `https://www.linkedin.com/in/${strip(x.given)}${strip(x.family).replace(/[ -]/g, '')}` : '',
            created_at: new Date(Date.UTC(2026, int(0, 9), int(1, 28))).toISOString(),
          });
        }
      }
    }
    return { generator: 'roster', seed, companyRows, agentRows, truth, tags };
  },
};
