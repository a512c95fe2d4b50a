import type { PairScore, ResolvableRecord } from './resolve-types.js';

export type ScalarRule = 'most_recent' | 'most_frequent' | 'source_priority';

/**
 * An entity type that is not a person (a company) brings its own comparison; the engine's blocking index, clustering,
 * review queue, decisions and golden records are shared.
 */
export interface CustomMatcher {
  blockingKeys(rec: ResolvableRecord): string[];
  scorePair(a: ResolvableRecord, b: ResolvableRecord): PairScore | null;
  /** For the chaining guard: these two records must not end up in one entity through others. */
  namesClash(a: ResolvableRecord, b: ResolvableRecord): boolean;
}

/** Everything that makes one entity type's resolution what it is, declared once per type. */
export interface EntityRules {
  readonly type: string;
  /** Confidence of each tier; the best tier a pair reaches wins. */
  readonly tiers: { readonly email: number; readonly phone: number; readonly exactName: number; readonly fuzzyName: number };
  /** A pair scoring strictly above this merges automatically; at or below, it goes to human review. */
  readonly autoMergeAbove: number;
  /** Below this a pair is no match at all (neither merged nor queued). */
  readonly reviewFloor: number;
  /**
   * Taken off a name-only tier for each kind of personal identifier (email, phone) both records have and disagree on:
   * agents: same name with different email and phone is 80 − 2·5 = 70 → review (namesakes), one difference still merges.
   */
  readonly conflictPenalty: number;
  /** Taken off an identifier tier per doubling of the distinct people using that identifier (term frequency). */
  readonly sharedPenalty: number;
  /** Local parts of addresses that belong to an office, not a person (info@, team@). */
  readonly roleMailboxes: readonly string[];
  /** A role mailbox counts as used by this many people, however few records show it. */
  readonly roleMailboxPeople: number;
  /** Blocks larger than this produce no candidate pairs (too common to be evidence). */
  readonly maxBlockSize: number;
  /** Scopes (teams) up to this many records have every pair compared (default 300); larger ones rely on the other keys. */
  readonly maxScopeBlock?: number;
  /**
   * Score of a name-only match whose given names are an unambiguous nickname of each other (Bob / Robert Smith, and
   * no Roberta Smith in the team): between the fuzzy and the exact tier (default: the fuzzy tier, i.e. reviewed).
   */
  readonly nicknameScore?: number;
  /** Most trusted source first. */
  readonly sourcePriority: readonly string[];
  /** Survivorship for attributes; unlisted attributes use `most_recent`. The name uses `most_frequent`. */
  readonly attributeRules: Readonly<Record<string, ScalarRule>>;
  /** Replaces the person-name blocking and scoring (companies). */
  readonly matcher?: CustomMatcher;
  /**
   * A record a reviewer linked by approval belongs where the reviewer put it: a pair the chaining guard refuses for it
   * is not queued again (msp customers: a site has one organization, so approving one answers the others).
   */
  readonly approvalSettlesGuard?: boolean;
}
