import { stringify } from 'csv-stringify/sync';

/** RFC 4180 CSV with a header row; dates as ISO 8601 and objects as JSON. */
export function toCsv(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  return stringify(
    rows.map((r) => columns.map((c) => {
      const v = r[c];
      if (v === null || v === undefined) return '';
      if (v instanceof Date) return v.toISOString();
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
    })),
    { header: true, columns: [...columns] },
  );
}
