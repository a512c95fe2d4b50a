/** One occurrence of a real-world entity in one source (an agent row, one member of a team page). */
export interface ResolvableRecord {
  /** Stable across runs: `${source}:${sourceKey}` or `${source}:${sourceKey}#${memberIndex}`. */
  readonly id: string;
  readonly source: string;
  readonly sourceKey: string;
  readonly memberIndex: number | null;
  /** Resolution never crosses this scope (agents: the team); '' when unknown. */
  readonly scope: string;
  readonly name: string;
  /** Already normalised (lower-case, validated), de-duplicated. */
  readonly emails: readonly string[];
  /** E.164 with `;ext=` kept, de-duplicated. */
  readonly phones: readonly string[];
  /** Other fields the golden record carries (brokerage, title, website, …). */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** When the source last stated this (ISO 8601): drives "most recent" survivorship. */
  readonly observedAt: string;
}

export type MatchTier = 'email' | 'phone' | 'exact_name' | 'fuzzy_name' | 'human';

export interface PairScore {
  readonly a: string;
  readonly b: string;
  readonly score: number;
  readonly tier: MatchTier;
  /** Why, in words a reviewer understands. */
  readonly reasons: readonly string[];
}

/** A human decision on a pair of records; `reject` covers both "keep apart" and split. */
export interface PairDecision {
  readonly kind: 'approve' | 'reject';
  readonly a: string;
  readonly b: string;
}

export interface ResolvedCluster {
  /** Sorted record ids. */
  readonly members: readonly string[];
  /** The weakest link that holds the cluster together (100 for a single record or human approval). */
  readonly confidence: number;
  readonly tier: MatchTier | null;
  readonly links: readonly PairScore[];
}

export interface ReviewItem extends PairScore {
  /** `threshold`: the score is at or under the auto-merge threshold; `guard`: an auto-merge the chaining guard refused. */
  readonly cause: 'threshold' | 'guard';
}

export interface ResolutionResult {
  readonly clusters: readonly ResolvedCluster[];
  readonly review: readonly ReviewItem[];
  readonly pairsCompared: number;
}
