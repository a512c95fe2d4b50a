import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { trigramSimilarity } from '../../resolve/trigram-similarity.js';

/**
 * Customer = UniFi site; its NinjaOne organization is found by name (site `meta.desc`, else `meta.name`, against the
 * organization's `name`), normalised. Exact or confident fuzzy matches link, ambiguous ones go to review, and a
 * person's mapping always wins.
 */
export interface SiteName {
  readonly siteId: string;
  readonly desc?: string | null;
  readonly name?: string | null;
}

export interface OrganizationName {
  readonly id: number;
  readonly name: string;
}

export type MatchMethod = 'manual' | 'exact' | 'fuzzy' | 'none';
export type MatchStatus = 'linked' | 'review' | 'unmatched';

export interface CustomerMatch {
  readonly siteId: string;
  readonly siteName: string;
  readonly organizationId: number | null;
  readonly method: MatchMethod;
  readonly status: MatchStatus;
  /** 0–1: 1 for exact and manual. */
  readonly score: number;
  /** For review: the organizations that competed (best first). */
  readonly candidates: readonly { id: number; name: string; score: number }[];
}

/** A fuzzy match links only at or above this score … */
export const LINK_SCORE = 0.92;
/** … and this far ahead of the runner-up; from REVIEW_SCORE up, anything else goes to review. */
export const LINK_MARGIN = 0.04;
export const REVIEW_SCORE = 0.8;

const LEGAL = new Set(['inc', 'incorporated', 'llc', 'ltd', 'limited', 'co', 'corp', 'corporation', 'company', 'pllc', 'pc', 'pa', 'lp', 'llp', 'plc', 'gmbh']);

/** Lower case, no accents, `&` → and, no punctuation, no legal suffixes, no leading "the", single spaces. */
export function normaliseCustomerName(raw: string): string {
  const words = raw
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  while (words.length > 1 && LEGAL.has(words[words.length - 1]!)) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

/** The name a site is known by: `meta.desc`, else `meta.name`. */
export function siteDisplayName(s: SiteName): string {
  const d = s.desc?.trim();
  return d ? d : s.name?.trim() ?? '';
}

export function nameSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  return Math.max(jaroWinkler(a, b), trigramSimilarity(a, b));
}

/**
 * Matches every site. `manual` maps a site id to an organization id, or to null for "no organization": both win over
 * any computed match.
 */
export function matchCustomers(
  sites: readonly SiteName[], orgs: readonly OrganizationName[], manual: ReadonlyMap<string, number | null> = new Map(),
): CustomerMatch[] {
  const prepared = orgs.map((o) => ({ ...o, norm: normaliseCustomerName(o.name) }));
  return sites.map((s) => {
    const siteName = siteDisplayName(s);
    if (manual.has(s.siteId)) {
      const id = manual.get(s.siteId) ?? null;
      return { siteId: s.siteId, siteName, organizationId: id, method: 'manual', status: id === null ? 'unmatched' : 'linked', score: 1, candidates: [] };
    }
    const norm = normaliseCustomerName(siteName);
    const scored = prepared
      .map((o) => ({ id: o.id, name: o.name, score: o.norm === norm ? 1 : nameSimilarity(norm, o.norm) }))
      .filter((c) => c.score >= REVIEW_SCORE)
      .sort((a, b) => b.score - a.score || a.id - b.id);
    const none: CustomerMatch = { siteId: s.siteId, siteName, organizationId: null, method: 'none', status: 'unmatched', score: 0, candidates: [] };
    const best = scored[0];
    if (!best || norm === '') return none;
    const exact = scored.filter((c) => c.score === 1);
    if (exact.length === 1) return { ...none, organizationId: best.id, method: 'exact', status: 'linked', score: 1, candidates: [] };
    const second = scored[1]?.score ?? 0;
    if (exact.length === 0 && best.score >= LINK_SCORE && best.score - second >= LINK_MARGIN) {
      return { ...none, organizationId: best.id, method: 'fuzzy', status: 'linked', score: best.score, candidates: [] };
    }
    return { ...none, method: 'fuzzy', status: 'review', score: best.score, candidates: scored.slice(0, 5) };
  });
}
