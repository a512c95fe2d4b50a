import { diffRecords, type FieldChange } from '../core/diff-records.js';
import { dropVolatilePaths, NO_VOLATILE_FIELDS, type VolatileFields } from '../core/volatile-fields.js';

export interface IncomingRecord {
  readonly key: string;
  readonly parentKey: string | null;
  readonly data: Record<string, unknown>;
  readonly hash: string;
  /** Hash of the raw source record (see raw-hash.ts); null for derived records such as children. */
  readonly rawHash: string | null;
}

export interface StoredVersion {
  readonly key: string;
  readonly hash: string;
  readonly raw_hash: string | null;
  readonly missed_runs: number;
  readonly status: 'active' | 'removed';
  /** Present only when the content differs (or the record was removed), to diff against. */
  readonly data: Record<string, unknown> | null;
}

export type ChangeKind = 'created' | 'updated' | 'removed' | 'restored';

export interface PlannedChange {
  readonly key: string;
  readonly kind: ChangeKind;
  readonly fields: Record<string, FieldChange> | null;
}

/**
 * Bookkeeping for a record that did not change. With volatile fields, `data` (and `hash`, when the stored one predates
 * the stream's volatile fields) carry the new values to store without a change row.
 */
export interface Touch {
  readonly key: string;
  readonly raw_hash: string | null;
  readonly data?: Record<string, unknown>;
  readonly hash?: string;
}

export interface BatchPlan {
  /** Records to insert or overwrite (created, updated, restored). */
  readonly upserts: IncomingRecord[];
  /** Keys seen with identical content whose bookkeeping (raw hash, miss counter) must still be refreshed. */
  readonly touch: Touch[];
  readonly changes: PlannedChange[];
  readonly counts: { created: number; updated: number; unchanged: number; restored: number };
}

/**
 * Pure: decides per incoming record whether it is new, changed, restored or unchanged, with its field diff. Incoming
 * hashes leave out the stream's volatile fields, which are also left out of every diff: a record whose only change is
 * volatile is unchanged, and its new values are stored through `touch`.
 */
export function classifyBatch(
  incoming: readonly IncomingRecord[], stored: ReadonlyMap<string, StoredVersion>, volatile: VolatileFields = NO_VOLATILE_FIELDS,
): BatchPlan {
  const upserts: IncomingRecord[] = [];
  const touch: Touch[] = [];
  const changes: PlannedChange[] = [];
  const counts = { created: 0, updated: 0, unchanged: 0, restored: 0 };
  for (const rec of incoming) {
    const prev = stored.get(rec.key);
    if (!prev) {
      upserts.push(rec);
      changes.push({ key: rec.key, kind: 'created', fields: null });
      counts.created++;
    } else if (prev.status === 'removed') {
      upserts.push(rec);
      const fields = prev.hash === rec.hash || !prev.data ? null : diffRecords(prev.data, rec.data);
      changes.push({ key: rec.key, kind: 'restored', fields: fields && Object.keys(fields).length ? fields : null });
      counts.restored++;
    } else if (prev.hash !== rec.hash) {
      const fields = prev.data ? dropVolatilePaths(diffRecords(prev.data, rec.data), volatile) : null;
      if (fields !== null && Object.keys(fields).length === 0) {
        // Only volatile fields differ (the stored hash predates them being volatile): store, do not report.
        touch.push({ key: rec.key, raw_hash: rec.rawHash, data: rec.data, hash: rec.hash });
        counts.unchanged++;
      } else {
        upserts.push(rec);
        changes.push({ key: rec.key, kind: 'updated', fields });
        counts.updated++;
      }
    } else if (volatile.size > 0 && (rec.rawHash === null || prev.raw_hash !== rec.rawHash)) {
      touch.push({ key: rec.key, raw_hash: rec.rawHash, data: rec.data });
      counts.unchanged++;
    } else {
      if (prev.missed_runs > 0 || (rec.rawHash !== null && prev.raw_hash !== rec.rawHash)) touch.push({ key: rec.key, raw_hash: rec.rawHash });
      counts.unchanged++;
    }
  }
  return { upserts, touch, changes, counts };
}

/** Keeps the last occurrence of each key (a file listing one key twice: the later row wins). */
export function dedupeByKey(records: readonly IncomingRecord[]): { unique: IncomingRecord[]; duplicates: number } {
  const byKey = new Map<string, IncomingRecord>();
  for (const r of records) byKey.set(r.key, r);
  return { unique: [...byKey.values()], duplicates: records.length - byKey.size };
}
