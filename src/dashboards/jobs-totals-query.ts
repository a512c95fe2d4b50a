import type { z } from 'zod';
import { SluiceError } from '../core/errors.js';
import { parseHistoryStatuses, runHistoryTotals, type RunHistoryFilter, type RunHistoryTotals } from '../jobs/run-history.js';
import type { SqlExecutor } from '../store/database.js';
import type { AggregateResult } from '../store/run-aggregate.js';
import type { jobsQuerySpec } from './dashboard-spec.js';
import type { DataColumn } from './dashboard-view.js';

type JobsQuery = z.infer<typeof jobsQuerySpec>;

const METRICS: readonly { name: keyof RunHistoryTotals; label: string; format: DataColumn['format'] }[] = [
  { name: 'total', label: 'Jobs', format: 'integer' },
  { name: 'queued', label: 'Queued', format: 'integer' },
  { name: 'running', label: 'Running', format: 'integer' },
  { name: 'succeeded', label: 'Succeeded', format: 'integer' },
  { name: 'partial', label: 'Partial', format: 'integer' },
  { name: 'failed', label: 'Failed', format: 'integer' },
  { name: 'cancelled', label: 'Cancelled', format: 'integer' },
  { name: 'success_rate', label: 'Success rate', format: 'percent' },
  { name: 'avg_duration_ms', label: 'Average duration (ms)', format: 'integer' },
  { name: 'records_fetched', label: 'Records fetched', format: 'integer' },
];

const dayStart = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(t.getTime())) throw new SluiceError('validation_failed', `started_at: "${d}" is not a date YYYY-MM-DD`);
  return t;
};

/** The history filter from `field:op:value` clauses (the widget's own and the dashboard's filters). */
async function filterOf(db: SqlExecutor, q: JobsQuery, where: readonly string[]): Promise<RunHistoryFilter> {
  const f: { connections?: string[]; streams?: string[]; statuses?: RunHistoryFilter['statuses']; since?: Date; until?: Date; trigger?: string } = {};
  const config: [string, string][] = [];
  for (const clause of where) {
    const [field = '', op = '', ...rest] = clause.split(':');
    const value = rest.join(':');
    const bad = () => new SluiceError('validation_failed', `jobs filter "${clause}": use connection, stream, status or trigger with eq / in, started_at with gte / lt, or config.<key> with eq`);
    const list = op === 'in' ? value.split('|') : [value];
    if (op !== 'eq' && op !== 'in' && field !== 'started_at') throw bad();
    if (field === 'connection') f.connections = list;
    else if (field === 'stream') f.streams = list;
    else if (field === 'status') f.statuses = parseHistoryStatuses(list);
    else if (field === 'trigger' && op === 'eq') f.trigger = value;
    else if (field === 'started_at' && op === 'gte') f.since = dayStart(value);
    else if (field === 'started_at' && op === 'lt') f.until = dayStart(value);
    else if (field.startsWith('config.') && op === 'eq') config.push([field.slice(7), value]);
    else throw bad();
  }
  if (q.connector !== undefined || config.length > 0) {
    const params: unknown[] = [q.connector ?? null];
    const conds = config.map(([k, v]) => {
      params.push(k, v);
      return `config->>$${params.length - 1} = $${params.length}`;
    });
    const { rows } = await db.query<{ name: string }>(
      `select name from connections where ($1::text is null or connector = $1)${conds.map((c) => ` and ${c}`).join('')}`,
      params,
    );
    const names = rows.map((r) => r.name);
    f.connections = f.connections ? f.connections.filter((c) => names.includes(c)) : names;
    // No connection matches: an empty list would mean "all", so name one that cannot exist (a connection name is never
    // empty; a NUL character would be refused by PostgreSQL as text and fail the widget).
    if (f.connections.length === 0) f.connections = [''];
  }
  return f;
}

/**
 * A dashboard's `jobs` query: the run history's totals (run-history.ts, the same numbers as `sluice jobs totals`) as
 * an aggregate result, one row overall or one per connection / stream.
 */
export async function jobsTotals(db: SqlExecutor, q: JobsQuery, where: readonly string[]): Promise<AggregateResult> {
  const filter = await filterOf(db, q, [...q.where, ...where]);
  const totals = await runHistoryTotals(db, filter);
  const rows = totals.filter((t) => (q.by.length === 0 ? t.connection === '*' : t.connection !== '*'));
  // Per connection or per stream alone: add the (connection, stream) rows up.
  interface Acc { groups: Record<string, string>; sums: Record<string, number>; finished: number; timed: number; duration: number }
  const COUNTS = METRICS.map((m) => m.name).filter((n) => n !== 'success_rate' && n !== 'avg_duration_ms');
  const grouped = new Map<string, Acc>();
  const empty = (groups: Record<string, string>): Acc => ({ groups, sums: Object.fromEntries(COUNTS.map((n) => [n, 0])), finished: 0, timed: 0, duration: 0 });
  for (const t of rows) {
    const key = q.by.map((b) => t[b]).join('\u0000');
    const g = grouped.get(key) ?? empty(Object.fromEntries(q.by.map((b) => [b, t[b]])));
    for (const n of COUNTS) g.sums[n] = (g.sums[n] ?? 0) + Number(t[n]);
    const finished = t.succeeded + t.partial + t.failed + t.cancelled;
    g.finished += finished;
    if (t.avg_duration_ms !== null) {
      g.duration += t.avg_duration_ms * finished;
      g.timed += finished;
    }
    grouped.set(key, g);
  }
  if (grouped.size === 0 && q.by.length === 0) grouped.set('', empty({}));
  const out = [...grouped.values()].map((g): Record<string, string | number | null> => ({
    ...g.groups,
    ...g.sums,
    success_rate: g.finished > 0 ? Math.round(((g.sums.succeeded ?? 0) / g.finished) * 10_000) / 10_000 : null,
    avg_duration_ms: g.timed > 0 ? Math.round(g.duration / g.timed) : null,
  }));
  if (q.sort) {
    const desc = q.sort.startsWith('-');
    const col = desc ? q.sort.slice(1) : q.sort;
    out.sort((a, b) => {
      const x = a[col] ?? -Infinity;
      const y = b[col] ?? -Infinity;
      return (x < y ? -1 : x > y ? 1 : 0) * (desc ? -1 : 1);
    });
  }
  const columns: DataColumn[] = [
    ...q.by.map((b): DataColumn => ({ name: b, label: b === 'connection' ? 'Connection' : 'Stream', role: 'group', type: 'string' })),
    ...METRICS.map((m): DataColumn => ({ name: m.name, label: m.label, role: 'metric', type: 'number', ...(m.format ? { format: m.format } : {}) })),
  ];
  return { columns, rows: out.slice(0, q.limit) };
}
