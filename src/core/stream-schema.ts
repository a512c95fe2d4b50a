/**
 * A stream's record schema, as plain data: it is stored in the database, drives validation, the generated typed SQL
 * views, the API's filters, the web UI's explorer and the default Notion property mapping.
 */
export const FIELD_TYPES = [
  'string', 'text', 'integer', 'number', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'json', 'string[]', 'email[]', 'phone[]',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Missing or empty values fail validation and the record is quarantined. */
  readonly required?: boolean;
  readonly description?: string;
  /** Allowed values (a select in the UI and in Notion). */
  readonly enum?: readonly string[];
  /** Source column / field name when it differs from `name` (CSV header mapping). */
  readonly from?: string;
  /** For `date`/`datetime` from text: the input format, e.g. `DD/MM/YYYY` or `DD/MM/YYYY HH:mm:ss`. */
  readonly format?: string;
}

export interface StreamSchema {
  readonly fields: readonly FieldSpec[];
}

export type SyncMode = 'full_snapshot' | 'incremental';

/** Turns any stream or field name into a safe SQL identifier fragment. */
export function sqlIdent(name: string): string {
  const cleaned = name
    .normalize('NFKD')
    .replace(/[^\w]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
  const safe = cleaned.length === 0 ? 'field' : /^\d/.test(cleaned) ? `f_${cleaned}` : cleaned;
  return safe.slice(0, 63);
}
