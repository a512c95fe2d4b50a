import type { EntityRules } from '../entity-rules.js';
import type { PairScore, ResolvableRecord } from '../resolve-types.js';
import { trigramSimilarity } from '../trigram-similarity.js';
import { customerNameSimilarity, normaliseCustomerName } from './customer-name.js';

/**
 * msp-dashboards customers (issue #12): a UniFi site (source `unifi_sites`) and the NinjaOne organization
 * (`ninjaone_organizations`) of the same company, by normalised name. Only a site and an organization are ever compared;
 * evidence and score:
 *   same normalised name                                          95          merge
 *   confident fuzzy name (similarity ≥ 0.92)                       81–94       merge (the closer, the higher)
 *   the site's name begins with the organization's (2+ words)      84+         merge ("Harbor Dental - Mobile Annex")
 *   close name (similarity 0.80–0.92)                              61–72       review
 * Fuzzy matches also need trigram similarity ≥ 0.5 (names that merely share their first word are no match).
 * Two organizations never share an entity (the chaining guard): a site that matches two organizations about equally
 * well links to the stronger and the other pair goes to review (`guard`) — the pack treats such a site as ambiguous
 * until a reviewer decides, and that decision answers the other pair too. Several sites may belong to one organization.
 */
export const MSP_SITE_SOURCE = 'unifi_sites';
export const MSP_ORG_SOURCE = 'ninjaone_organizations';
/** Fuzzy similarity from which a site and an organization link without review … */
export const CUSTOMER_LINK_SIMILARITY = 0.92;
/** … and from which they are worth a reviewer's look. */
export const CUSTOMER_REVIEW_SIMILARITY = 0.8;
/** Below this trigram similarity two names share a word or two but not the name (no fuzzy match at all). */
export const CUSTOMER_MIN_TRIGRAM = 0.5;

const cache = new WeakMap<ResolvableRecord, string>();
function norm(r: ResolvableRecord): string {
  let v = cache.get(r);
  if (v === undefined) {
    v = normaliseCustomerName(r.name);
    cache.set(r, v);
  }
  return v;
}

function scoreCustomers(x: ResolvableRecord, y: ResolvableRecord): PairScore | null {
  if (x.source === y.source) return null;
  const a = norm(x);
  const b = norm(y);
  if (a === '' || b === '') return null;
  const [id1, id2] = x.id < y.id ? [x.id, y.id] : [y.id, x.id];
  if (a === b) return { a: id1, b: id2, score: 95, tier: 'exact_name', reasons: [`same name "${a}" once legal form, case and punctuation are set aside`] };
  const sim = customerNameSimilarity(a, b);
  const words = `"${x.name.trim()}" / "${y.name.trim()}" (similarity ${sim.toFixed(3)})`;
  // "Harbor Family Dental - Mobile Annex" begins with "Harbor Family Dental": a second site of that customer.
  const [site, org] = x.source === MSP_SITE_SOURCE ? [a, b] : [b, a];
  const prefix = org.includes(' ') && site.startsWith(`${org} `);
  // Jaro-Winkler rewards a shared first word ("Harbor Family Dental" / "Harbor Pediatrics" 0.83): a fuzzy match also
  // needs the words to agree (trigram similarity ≥ 0.5; true near-matches measured 0.69–0.81, such namesakes ≤ 0.31).
  if (!prefix && trigramSimilarity(a, b) < CUSTOMER_MIN_TRIGRAM) return null;
  if (sim >= CUSTOMER_LINK_SIMILARITY || prefix) {
    const score = Math.max(prefix ? 84 : 0, Math.min(94, 81 + Math.round((sim - CUSTOMER_LINK_SIMILARITY) * 100)));
    const reasons = [...(prefix ? [`the site's name begins with the organization's: "${org}"`] : []), `names ${words}`];
    return { a: id1, b: id2, score, tier: 'fuzzy_name', reasons };
  }
  if (sim >= CUSTOMER_REVIEW_SIMILARITY) {
    return { a: id1, b: id2, score: 61 + Math.round((sim - CUSTOMER_REVIEW_SIMILARITY) * 100), tier: 'fuzzy_name', reasons: [`close names ${words}`] };
  }
  return null;
}

/** Blocks: the normalised name, each word of 4+ letters, and the first five letters (typos late in the name). */
function customerBlockingKeys(r: ResolvableRecord): string[] {
  const n = norm(r);
  if (n === '') return [];
  const keys = new Set([`n:${n}`, `f:${n.replace(/ /g, '').slice(0, 5)}`]);
  for (const w of n.split(' ')) if (w.length >= 4) keys.add(`t:${w}`);
  return [...keys];
}

export const mspCustomerRules: EntityRules = {
  type: 'msp_customer',
  tiers: { email: 0, phone: 0, exactName: 95, fuzzyName: 81 },
  autoMergeAbove: 80,
  reviewFloor: 61,
  conflictPenalty: 0,
  sharedPenalty: 0,
  roleMailboxes: [],
  roleMailboxPeople: 1,
  // A word every tenth customer has ("dental") is weak evidence but cheap to compare at 500 sites × 1,000 organizations.
  maxBlockSize: 1_500,
  sourcePriority: [MSP_ORG_SOURCE, MSP_SITE_SOURCE],
  attributeRules: {},
  // Once a reviewer links a site to one of two organizations it matched equally, the other pair is not asked again.
  approvalSettlesGuard: true,
  matcher: {
    blockingKeys: customerBlockingKeys,
    scorePair: scoreCustomers,
    // Two organizations are never one customer; sites of one organization may share its entity.
    namesClash: (a, b) => a.source === MSP_ORG_SOURCE && b.source === MSP_ORG_SOURCE,
  },
};
