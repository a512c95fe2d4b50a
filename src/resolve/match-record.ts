import type { EntityRules } from './entity-rules.js';
import { countIdentifierPeople } from './identifier-people.js';
import { blockLimit, blockingKeys, prepareRecord, type PreparedRecord } from './prepared-record.js';
import type { PairScore, ResolvableRecord } from './resolve-types.js';
import { scorePair } from './score-pair.js';

/** An in-memory blocking index over resolved records: block key → records, record → entity. */
export interface BlockIndex {
  readonly blocks: Map<string, PreparedRecord[]>;
  readonly entityOf: Map<string, string>;
}

export function createBlockIndex(): BlockIndex {
  return { blocks: new Map(), entityOf: new Map() };
}

export function addToIndex(index: BlockIndex, rec: ResolvableRecord, entityId: string): void {
  const p = prepareRecord(rec);
  for (const k of blockingKeys(p)) {
    const l = index.blocks.get(k);
    if (l) l.push(p);
    else index.blocks.set(k, [p]);
  }
  index.entityOf.set(rec.id, entityId);
}

export interface MatchOutcome {
  /** Best candidate pair, if any reached the review floor. */
  readonly best: (PairScore & { readonly entityId: string }) | null;
  readonly decision: 'merge' | 'review' | 'new';
  readonly candidates: number;
}

/**
 * Matches one new record against resolved entities: candidates come only from its blocks, identifier weights from
 * the records sharing its identifiers (the same term-frequency rule as a full run), the best pair decides.
 */
export function matchRecord(index: BlockIndex, rec: ResolvableRecord, rules: EntityRules): MatchOutcome {
  const p = prepareRecord(rec);
  const cands = new Map<string, PreparedRecord>();
  const neighbours: PreparedRecord[] = [p];
  for (const k of blockingKeys(p)) {
    const l = index.blocks.get(k);
    if (!l || l.length + 1 > blockLimit(k, rules)) continue;
    for (const c of l) cands.set(c.rec.id, c);
  }
  neighbours.push(...cands.values());
  const people = countIdentifierPeople(neighbours, rules);
  let best: (PairScore & { entityId: string }) | null = null;
  for (const c of cands.values()) {
    const s = scorePair(p, c, people, rules);
    if (s && (!best || s.score > best.score)) best = { ...s, entityId: index.entityOf.get(c.rec.id) ?? '' };
  }
  const decision = !best ? 'new' : best.score > rules.autoMergeAbove ? 'merge' : 'review';
  return { best, decision, candidates: cands.size };
}
