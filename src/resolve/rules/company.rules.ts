import { distance } from 'fastest-levenshtein';
import type { EntityRules } from '../entity-rules.js';
import type { PairScore, ResolvableRecord } from '../resolve-types.js';
import { companyCoreTokens, companyDomain } from './company-name.js';

/**
 * Companies (PACKS.md §1: one distributor, many locations). Evidence, strongest first:
 *   same normalised name (legal form, case, punctuation, accents, &/and)       95  merge
 *   same company web or e-mail domain (never webmail) and related names        92  merge
 *   near-identical names (one typo per word, same words otherwise)             85  merge
 *   same phone and similar names                                               88  merge
 *   same domain or phone with unlike names; one name inside the other;
 *   close names (similarity ≥ 0.85)                                            70  review
 * Different companies that share a word ("Alpha Networks", "Beta Networks") share a block but score below the floor.
 */
const AUTO_MERGE_ABOVE = 80;
const REVIEW_FLOOR = 60;

interface Features {
  readonly core: string[];
  readonly key: string;
  readonly domains: string[];
  readonly phones: readonly string[];
}

const cache = new WeakMap<ResolvableRecord, Features>();

function features(r: ResolvableRecord): Features {
  const hit = cache.get(r);
  if (hit) return hit;
  const core = companyCoreTokens(r.name);
  const sites = [r.attributes.website, r.attributes.websites, r.attributes.contact_url].flat();
  const domains = [...new Set([...r.emails, ...sites].map(companyDomain).filter((d): d is string => d !== null))].sort();
  const f = { core, key: core.join(' '), domains, phones: r.phones };
  cache.set(r, f);
  return f;
}

/** 0..1: 1 − edit distance / longer length of the joined core names. */
function similarity(a: string, b: string): number {
  const n = Math.max(a.length, b.length);
  return n === 0 ? 0 : 1 - distance(a, b) / n;
}

/**
 * A slip of the keyboard: two adjacent letters swapped (trira / tirra) or a letter doubled or undoubled (wavecom /
 * wavecomm). A changed letter, by contrast, often makes another name (Netcom / Netcon).
 */
function slip(x: string, y: string): boolean {
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  if (s.length === l.length) return i < s.length - 1 && s[i] === l[i + 1] && s[i + 1] === l[i] && s.slice(i + 2) === l.slice(i + 2);
  // One letter more in the longer word, the same as its neighbour.
  return l.length === s.length + 1 && (l[i] === l[i - 1] || l[i] === l[i + 1]) && s.slice(i) === l.slice(i + 1);
}

/**
 * Same number of words, each equal or one typo apart (only in words of 5+ letters): 'slip' when every difference is
 * a slip (see `slip`), 'edit' for any other one-letter change (Netcom / Netcon: as often two companies).
 */
function typoVariant(a: readonly string[], b: readonly string[]): 'slip' | 'edit' | null {
  if (a.length !== b.length) return null;
  let typos = 0;
  let slips = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (Math.min(x.length, y.length) < 5) return null;
    if (slip(x, y)) slips += 1;
    else if (distance(x, y) > 1) return null;
    typos += 1;
  }
  if (typos === 0 || a.join('').length < 6) return null;
  return slips === typos ? 'slip' : 'edit';
}

/** The name part of a registrable domain (acme.co.uk → acme): branches use one name under many country domains. */
const domainLabel = (d: string) => d.split('.')[0] ?? d;

/** Both have company domains and none match even by name: two companies, whatever their names say. */
function domainsConflict(a: Features, b: Features): boolean {
  if (a.domains.length === 0 || b.domains.length === 0) return false;
  const la = new Set(a.domains.map(domainLabel));
  return !b.domains.some((d) => la.has(domainLabel(d)));
}

function contains(longer: readonly string[], shorter: readonly string[]): boolean {
  return shorter.length > 0 && shorter.length < longer.length && shorter.every((t) => longer.includes(t));
}

function scoreCompanies(x: ResolvableRecord, y: ResolvableRecord): PairScore | null {
  const a = features(x);
  const b = features(y);
  if (a.key === '' || b.key === '') return null;
  const [id1, id2] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
  const out = (score: number, tier: PairScore['tier'], reasons: string[]): PairScore => ({ a: id1, b: id2, score, tier, reasons });
  const conflict = domainsConflict(a, b);
  if (a.key === b.key) {
    return conflict
      ? out(70, 'exact_name', [`same name "${a.key}"`, `different company domains: ${a.domains.join(', ')} / ${b.domains.join(', ')}`])
      : out(95, 'exact_name', [`same name "${a.key}" once legal form, branch, case and punctuation are set aside`]);
  }
  const sim = similarity(a.key, b.key);
  const similar = sim >= 0.75 || contains(a.core, b.core) || contains(b.core, a.core);
  const domain = a.domains.find((d) => b.domains.includes(d));
  const phone = a.phones.find((p) => b.phones.includes(p));
  if (domain) {
    // A company domain is strong evidence: names need only have something in common ("Nordic Links AB" /
    // "NordicLinks Sverige"), not be alike.
    const ca = a.core.join('');
    const cb = b.core.join('');
    const related = similar || sim >= 0.5 || a.core.some((w) => w.length >= 4 && b.core.includes(w)) || ca.startsWith(cb) || cb.startsWith(ca);
    return related
      ? out(92, 'email', [`same company domain ${domain}`, `similar names (${sim.toFixed(2)})`])
      : out(70, 'email', [`same company domain ${domain}`, `names differ: "${a.key}" / "${b.key}"`]);
  }
  const typo = conflict ? null : typoVariant(a.core, b.core);
  if (typo === 'slip') return out(85, 'fuzzy_name', [`near-identical names "${a.key}" / "${b.key}" (a slip of the keyboard)`]);
  if (typo === 'edit') return out(70, 'fuzzy_name', [`names a letter apart "${a.key}" / "${b.key}"`]);
  if (phone) {
    return similar
      ? out(88, 'phone', [`same phone ${phone}`, `similar names (${sim.toFixed(2)})`])
      : out(70, 'phone', [`same phone ${phone}`, `names differ: "${a.key}" / "${b.key}"`]);
  }
  // Names alike in part, on different company domains: two companies that share a word.
  if (conflict) return null;
  if (contains(a.core, b.core) || contains(b.core, a.core)) return out(70, 'fuzzy_name', [`one name contains the other: "${a.key}" / "${b.key}"`]);
  if (sim >= 0.85) return out(70, 'fuzzy_name', [`close names "${a.key}" / "${b.key}" (${sim.toFixed(2)})`]);
  return null;
}

/** Blocks: the normalised name, each word of 3+ letters, the first four letters (typos), domains and phones. */
function companyBlockingKeys(r: ResolvableRecord): string[] {
  const f = features(r);
  const keys = new Set<string>();
  if (f.key) {
    keys.add(`n:${f.key}`);
    keys.add(`f:${f.key.replace(/ /g, '').slice(0, 4)}`);
  }
  for (const t of f.core) if (t.length >= 3) keys.add(`t:${t}`);
  for (const d of f.domains) keys.add(`d:${d}`);
  for (const p of f.phones) keys.add(`p:${p}`);
  return [...keys];
}

export const companyRules: EntityRules = {
  type: 'company',
  tiers: { email: 92, phone: 88, exactName: 95, fuzzyName: 85 },
  autoMergeAbove: AUTO_MERGE_ABOVE,
  reviewFloor: REVIEW_FLOOR,
  conflictPenalty: 0,
  sharedPenalty: 0,
  roleMailboxes: [],
  roleMailboxPeople: 1,
  // A word shared by thousands of companies ("networks") is no evidence: such blocks produce no pairs.
  maxBlockSize: 500,
  sourcePriority: [],
  attributeRules: { website: 'most_frequent' },
  // Two companies with nothing in common directly (no name, domain or phone) are never chained into one.
  matcher: { blockingKeys: companyBlockingKeys, scorePair: scoreCompanies, namesClash: (a, b) => scoreCompanies(a, b) === null },
};
