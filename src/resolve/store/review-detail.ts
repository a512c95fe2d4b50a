import { pairEvidence, type PairEvidence } from '../pair-evidence.js';
import type { SqlExecutor } from '../../store/database.js';
import { recordsById } from './entity-queries.js';
import { getReview, type ReviewRow } from './review-decisions.js';

export interface ReviewRecord {
  readonly record_id: string;
  readonly source: string;
  readonly source_key: string;
  readonly member_index: number | null;
  readonly scope: string;
  readonly name: string;
  readonly emails: string[];
  readonly phones: string[];
  readonly attributes: Record<string, unknown>;
  readonly entity_id: string | null;
  readonly observed_at: Date | string;
}

export interface ReviewDetail {
  readonly item: ReviewRow;
  /** Record A and record B, side by side (null when a record has since vanished from its source). */
  readonly records: readonly [ReviewRecord | null, ReviewRecord | null];
  readonly evidence: PairEvidence;
}

/** One review item with both records and the evidence for and against merging them. */
export async function reviewDetail(db: SqlExecutor, id: number): Promise<ReviewDetail> {
  const item = await getReview(db, id);
  const rows = (await recordsById(db, item.entity_type, [item.record_a, item.record_b])) as unknown as ReviewRecord[];
  const a = rows.find((r) => r.record_id === item.record_a) ?? null;
  const b = rows.find((r) => r.record_id === item.record_b) ?? null;
  const evidence = a && b ? pairEvidence(a, b) : { for: [], against: [`record ${a ? item.record_b : item.record_a} no longer exists`] };
  return { item, records: [a, b], evidence };
}
