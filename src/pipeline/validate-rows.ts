import { contentHash } from '../core/content-hash.js';
import type { StreamSchema } from '../core/stream-schema.js';
import { recordKey, validateRecord, type NormaliseOptions } from '../core/validate-record.js';
import { stableContent } from '../core/volatile-fields.js';
import { rawKeyOf } from './raw-key-of.js';

/** Everything needed to validate a batch of raw rows of one stream: plain data, so a worker thread can take it. */
export interface ValidateJob {
  readonly schema: StreamSchema;
  readonly norm: NormaliseOptions;
  readonly primaryKey: readonly string[];
  /** Source field names of the key (for a bad row's key, so its stored version is not inferred removed). */
  readonly keyFields: readonly string[];
  readonly volatile: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

export type RowOutcome =
  | { readonly ok: true; readonly key: string; readonly data: Record<string, unknown>; readonly hash: string }
  | { readonly ok: false; readonly reasons: string[]; readonly rawKey: string | null };

/**
 * Pure: validates and normalises each raw row, derives its key and content hash (volatile fields left out), in
 * order. The CPU-heavy part of a first load (phone and date normalisation, hashing) — run in worker threads on
 * PostgreSQL (validate-pool.ts), inline otherwise.
 */
export function validateRows(job: ValidateJob): RowOutcome[] {
  const volatile = new Set(job.volatile);
  return job.rows.map((raw): RowOutcome => {
    const v = validateRecord(job.schema, raw, job.norm);
    const key = v.ok ? recordKey(v.data, job.primaryKey) : null;
    if (!v.ok || key === null) {
      const reasons = v.ok ? [`missing key field(s): ${job.primaryKey.join(', ')}`] : v.reasons;
      return { ok: false, reasons, rawKey: rawKeyOf(raw, job.keyFields) };
    }
    return { ok: true, key, data: v.data, hash: contentHash(stableContent(v.data, volatile)) };
  });
}
