import type { FieldSpec } from '../core/stream-schema.js';

/**
 * A record's bookkeeping, addressable by destinations like a schema field (Notion property mappings, webhook
 * filters): `_status` (active / removed), `_first_seen_at`, `_last_seen_at` (last seen in a complete run) and
 * `_updated_at` (last changed). The names match the columns of the typed `data.*` views.
 */
export const RECORD_METADATA_FIELDS: readonly FieldSpec[] = [
  { name: '_status', type: 'string', enum: ['active', 'removed'], description: 'active or removed' },
  { name: '_first_seen_at', type: 'datetime', description: 'when Sluice first saw the record' },
  { name: '_last_seen_at', type: 'datetime', description: 'when a complete run last saw the record' },
  { name: '_updated_at', type: 'datetime', description: 'when the record last changed' },
];

export const isRecordMetadataField = (name: string): boolean => RECORD_METADATA_FIELDS.some((f) => f.name === name);

/** The bookkeeping columns as plan and filter queries select them. */
export interface RecordMetadataColumns {
  readonly status: 'active' | 'removed';
  readonly first_seen_at: Date | string | null;
  readonly last_seen_at: Date | string | null;
  readonly updated_at: Date | string | null;
}

function isoOf(v: Date | string | null, precision: 'instant' | 'day'): string | null {
  if (v === null) return null;
  const iso = (v instanceof Date ? v : new Date(v)).toISOString();
  return precision === 'day' ? iso.slice(0, 10) : iso;
}

/**
 * The metadata values of one record. `day` precision (Notion dates) keeps "last seen" from turning every run into a
 * write of every page: a value changes at most once a day.
 */
export function recordMetadata(row: RecordMetadataColumns, precision: 'instant' | 'day' = 'instant'): Record<string, unknown> {
  return {
    _status: row.status,
    _first_seen_at: isoOf(row.first_seen_at, precision),
    _last_seen_at: isoOf(row.last_seen_at, precision),
    _updated_at: isoOf(row.updated_at, precision),
  };
}
