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

/** Same number of words, each equal or one typo apart (only in words of 5+ letters). */
function typoVariant(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  let typos = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x === y) continue;
    if (Math.min(x.length, y.length) < 5 || distance(x, y) > 1) return false;
    typos += 1;
  }
  return typos > 0 && a.join('').length >= 6;
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
  if (a.key === b.key) return out(95, 'exact_name', [`same name "${a.key}" once legal form, case and punctuation are set aside`]);
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
  if (typoVariant(a.core, b.core)) return out(85, 'fuzzy_name', [`near-identical names "${a.key}" / "${b.key}"`]);
  if (phone) {
    return similar
      ? out(88, 'phone', [`same phone ${phone}`, `similar names (${sim.toFixed(2)})`])
      : out(70, 'phone', [`same phone ${phone}`, `names differ: "${a.key}" / "${b.key}"`]);
  }
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
