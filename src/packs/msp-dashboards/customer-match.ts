import { customerNameSimilarity, normaliseCustomerName } from '../../resolve/rules/customer-name.js';

/**
 * Customer = UniFi site; its NinjaOne organization is found by entity resolution on normalised names (site
 * `meta.desc`, else `meta.name`, against the organization's `name`: `src/resolve/rules/msp-customer.rules.ts`). This
 * file decides, per site, what the pack uses: a person's mapping first, then a reviewer's approval, then the engine's
 * link unless the site is in question in the review queue.
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

export type MatchMethod = 'manual' | 'review' | 'exact' | 'fuzzy' | 'none';
export type MatchStatus = 'linked' | 'review' | 'unmatched';

export interface OpenReview {
  /** The review item (`sluice review show <id>`). */
  readonly reviewId: number;
  readonly organization: OrganizationName;
  /** `guard`: the site matches this organization about as well as the one it is linked to; `threshold`: a close name. */
  readonly cause: string;
}

export interface CustomerLinkFacts {
  readonly site: SiteName;
  /** A person's mapping: `manual` true with an organization, or with null for "no organization". */
  readonly manual: boolean;
  readonly manualOrganization: OrganizationName | null;
  /** The organization a reviewer approved for this site (the latest decision on the pair stands). */
  readonly approved: OrganizationName | null;
  /** The organization in the site's entity (the engine's automatic link or a reviewer's approval). */
  readonly linked: OrganizationName | null;
  /** Open review items involving the site. */
  readonly reviews: readonly OpenReview[];
}

export interface CustomerMatch {
  readonly siteId: string;
  readonly siteName: string;
  readonly organizationId: number | null;
  readonly method: MatchMethod;
  readonly status: MatchStatus;
  /** 0–1 name similarity (1 for exact, manual and reviewed). */
  readonly score: number;
  /** While in review: the organizations in question, best first, with their review item. */
  readonly candidates: readonly { id: number; name: string; score: number; review_id: number | null }[];
}

/** A competing organization (a `guard` review item) this close to the linked one makes the site ambiguous. */
export const LINK_MARGIN = 0.04;

/** The name a site is known by: `meta.desc`, else `meta.name`. */
export function siteDisplayName(s: SiteName): string {
  const d = s.desc?.trim();
  return d ? d : s.name?.trim() ?? '';
}

/** 0–1 similarity of a site's and an organization's names once normalised (1 when equal). */
export function customerSimilarity(site: string, org: string): number {
  const a = normaliseCustomerName(site);
  const b = normaliseCustomerName(org);
  if (a !== '' && a === b) return 1;
  return Math.round(customerNameSimilarity(a, b) * 1000) / 1000;
}

/**
 * What one site is linked to. A person's mapping always wins; then a reviewer's approval; then the engine's link —
 * unless an open `guard` item says another organization matches about as well, which leaves the site unlinked and in
 * review until someone decides. A site with only weaker open items stays linked; one with no link but open items is
 * in review; otherwise it has UniFi data only.
 */
export function decideCustomerLink(f: CustomerLinkFacts): CustomerMatch {
  const siteName = siteDisplayName(f.site);
  const base = { siteId: f.site.siteId, siteName, candidates: [] };
  if (f.manual) {
    const id = f.manualOrganization?.id ?? null;
    return { ...base, organizationId: id, method: 'manual', status: id === null ? 'unmatched' : 'linked', score: 1 };
  }
  if (f.approved) return { ...base, organizationId: f.approved.id, method: 'review', status: 'linked', score: 1 };
  const linkedScore = f.linked ? customerSimilarity(siteName, f.linked.name) : 0;
  const contested = f.reviews.some((r) => r.cause === 'guard' && customerSimilarity(siteName, r.organization.name) >= linkedScore - LINK_MARGIN);
  if (f.linked && !contested) {
    return { ...base, organizationId: f.linked.id, method: linkedScore === 1 ? 'exact' : 'fuzzy', status: 'linked', score: linkedScore };
  }
  if (f.reviews.length > 0 || f.linked) {
    const byId = new Map<number, { id: number; name: string; score: number; review_id: number | null }>();
    if (f.linked) byId.set(f.linked.id, { id: f.linked.id, name: f.linked.name, score: customerSimilarity(siteName, f.linked.name), review_id: null });
    for (const r of f.reviews) {
      byId.set(r.organization.id, { id: r.organization.id, name: r.organization.name, score: customerSimilarity(siteName, r.organization.name), review_id: r.reviewId });
    }
    const candidates = [...byId.values()].sort((a, b) => b.score - a.score || a.id - b.id);
    return { ...base, organizationId: null, method: 'fuzzy', status: 'review', score: candidates[0]?.score ?? 0, candidates };
  }
  return { ...base, organizationId: null, method: 'none', status: 'unmatched', score: 0 };
}
