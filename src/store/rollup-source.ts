import type { FieldSpec } from '../core/stream-schema.js';
import type { AggregateRequest } from './aggregate-query.js';
import type { AggregateSource } from './aggregate-sql.js';
import { RECORD_TARGET } from './record-filters.js';
import type { StreamRollup } from './stream-rollups.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Pure: the smallest of a stream's rollups that answers an aggregate exactly, as an aggregate source over its groups,
 * or null when none does (the aggregate then runs over the records). A rollup answers when the request counts only
 * active records with no text search; groups and filters by its group fields (any operator: the group holds the exact
 * text value); filters its day field by whole days (`gte` / `lt` a YYYY-MM-DD, as the dashboards' date filters do — the
 * ISO value and its first 10 characters compare alike against a date), or, for a date field, any way; and asks for
 * `count`, `sum:f` or `avg:f` of its measured fields.
 */
export function rollupSource(fields: readonly FieldSpec[], rollups: readonly StreamRollup[], req: AggregateRequest): AggregateSource | null {
  if (req.q || (req.status ?? 'active') !== 'active') return null;
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fits = (r: StreamRollup): boolean => {
    const dayType = r.day ? byName.get(r.day)?.type : undefined;
    const wholeDates = dayType === 'date';
    for (const b of req.by) {
      const [name = '', bucket] = b.split(':');
      if (r.dims.includes(name)) continue;
      if (name === r.day && wholeDates && (bucket === undefined || bucket === 'day' || bucket === 'week' || bucket === 'month')) continue;
      return false;
    }
    for (const w of req.where ?? []) {
      const [name = '', op = '', ...rest] = w.split(':');
      if (r.dims.includes(name)) continue;
      if (name === r.day && (wholeDates || ((op === 'gte' || op === 'lt') && DAY.test(rest.join(':'))))) continue;
      return false;
    }
    for (const m of req.metrics) {
      const [fn = '', field] = m.split(':');
      if (fn === 'count' && field === undefined) continue;
      if ((fn === 'sum' || fn === 'avg') && field !== undefined && r.measures.includes(field)) continue;
      return false;
    }
    return true;
  };
  const best = rollups.filter(fits).sort((a, b) => a.dims.length - b.dims.length || a.measures.length - b.measures.length)[0];
  if (!best) return null;
  const slot = new Map<string, number>(best.dims.map((d, i) => [d, i + 1]));
  if (best.day) slot.set(best.day, best.dims.length + 1);
  const measure = (f: string) => best.measures.indexOf(f) + 1;
  return {
    fields,
    from: 'stream_rollup_groups g',
    scope: ['g.rollup_id = $1', 'g.n > 0'],
    params: [best.id],
    target: { ...RECORD_TARGET, textOf: (f) => `(g.dims[${slot.get(f) ?? 0}])`, rowText: null, status: null },
    // Same results as over the records: a count of nothing is 0, a sum or average of no values is null.
    metric: (fn, field) => {
      if (fn === 'count' && field === undefined) return 'coalesce(sum(g.n), 0)::bigint';
      if (field === undefined) return null;
      const i = measure(field);
      if (fn === 'sum') return `(case when sum(g.counts[${i}]) > 0 then sum(g.sums[${i}]) end)::float8`;
      if (fn === 'avg') return `(sum(g.sums[${i}]) / nullif(sum(g.counts[${i}]), 0))::float8`;
      return null;
    },
  };
}
