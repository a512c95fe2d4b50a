import { encodeCursor } from '../api/api-schemas.js';
import { fieldLiteral } from '../store/record-filters.js';
import { buildRecordQuery } from '../store/records-query.js';
import { rollupDistinctValues } from '../store/stream-rollups.js';
import { SluiceError, toSluiceError } from '../core/errors.js';
import type { FieldSpec } from '../core/stream-schema.js';
import type { AggregateRequest } from '../store/aggregate-query.js';
import type { SqlExecutor } from '../store/database.js';
import { aggregateChanges, aggregateStream, type AggregateResult } from '../store/run-aggregate.js';
import type { DashboardFilterSpec, DashboardSpec, WidgetSpec } from './dashboard-spec.js';
import { getDashboard, listDashboards, summaryOf } from './dashboard-store.js';
import { jobsTotals } from './jobs-totals-query.js';
import type { DashboardFilter, DataColumn, DataRow, EvaluatedDashboard, EvaluatedWidget, ValueFormat } from './dashboard-view.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface EvaluateOptions {
  /** Filter values by name (the request's `f.<name>` parameters). */
  readonly filters?: Readonly<Record<string, string>>;
  readonly now?: Date;
}

/**
 * Evaluates a stored dashboard into the view contract (dashboard-view.ts): filters with their options and applied
 * values, every widget with its data. A widget that cannot be evaluated (a stream not synced yet, a field that is
 * gone) carries `error` and the rest still renders. Unknown or malformed filter values are a `validation_failed`.
 */
export async function evaluateDashboard(db: SqlExecutor, id: string, opts: EvaluateOptions = {}): Promise<EvaluatedDashboard> {
  const stored = await getDashboard(db, id);
  const spec = stored.spec;
  const values = checkFilterValues(spec, opts.filters ?? {});
  const pages = (await listDashboards(db)).filter((d) => d.parent === id).map(summaryOf);
  const filters: DashboardFilter[] = [];
  for (const f of spec.filters) filters.push({ name: f.name, label: f.label, type: f.type, ...(await optionsOf(db, f)), value: values[f.name] ?? null });
  const now = opts.now ?? new Date();
  const widgets: EvaluatedWidget[] = [];
  const shared = sharedMetrics(db, spec, values);
  for (const w of spec.widgets) widgets.push(await evaluateWidget(db, spec, w, values, now, shared));
  return { ...summaryOf(stored), filters, widgets, pages, evaluated_at: now.toISOString() };
}

function checkFilterValues(spec: DashboardSpec, given: Readonly<Record<string, string>>): Record<string, string> {
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    const f = spec.filters.find((x) => x.name === name);
    if (!f) problems.push(`f.${name}: this dashboard has no filter "${name}" (${spec.filters.map((x) => x.name).join(', ') || 'none'})`);
    else if ((f.type === 'date_from' || f.type === 'date_to') && value !== '' && !DATE.test(value)) problems.push(`f.${name}: a date YYYY-MM-DD`);
  }
  if (problems.length > 0) throw new SluiceError('validation_failed', `invalid dashboard filters: ${problems.join('; ')}`, { details: { problems } });
  for (const f of spec.filters) {
    const v = given[f.name] ?? f.default;
    if (v !== undefined && v !== '') out[f.name] = v;
  }
  return out;
}

async function optionsOf(db: SqlExecutor, f: DashboardFilterSpec): Promise<{ options?: { value: string; label: string }[] }> {
  if (f.type !== 'select' || f.options === undefined) return {};
  if (Array.isArray(f.options)) return { options: f.options };
  const src = f.options;
  try {
    const { rows: ids } = await db.query<{ id: number }>('select id from streams where name = $1', [src.stream]);
    const id = ids[0]?.id;
    if (id === undefined) return { options: [] };
    if (src.labelField === undefined || src.labelField === src.field) {
      const values = await rollupDistinctValues(db, src.stream, src.field, src.limit);
      if (values) return { options: values.map((v) => ({ value: v, label: v })) };
    }
    // Field names inlined and the stream id fixed, so the pack's partial expression indexes on the field can serve it.
    const value = `(r.data->>${fieldLiteral(src.field)})`;
    const label = `(r.data->>${fieldLiteral(src.labelField ?? src.field)})`;
    const { rows } = await db.query<{ value: string; label: string | null }>(
      `select ${value} as value, min(${label}) as label
       from records r
       where r.stream_id = ${Number(id)} and r.status = 'active' and ${value} <> ''
       group by 1 order by coalesce(min(${label}), ${value}) limit $1`,
      [src.limit],
    );
    return { options: rows.map((r) => ({ value: r.value, label: r.label ?? r.value })) };
  } catch {
    // The options are a convenience: a stream not synced yet gives an empty list, the widgets say what is wrong.
    return { options: [] };
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The records filters a widget gets from the dashboard's filter values, through its filter → field map. */
function filterClauses(spec: DashboardSpec, w: WidgetSpec, values: Record<string, string>): string[] {
  const out: string[] = [];
  // In the dashboard's order of filters (a stored map's key order is not kept).
  for (const f of spec.filters) {
    const field = w.filters[f.name];
    const value = values[f.name];
    if (value === undefined || field === undefined) continue;
    if (f.type === 'select') out.push(`${field}:eq:${value}`);
    else if (f.type === 'text') out.push(`${field}:contains:${value}`);
    else if (f.type === 'date_from') out.push(`${field}:gte:${value}`);
    else out.push(`${field}:lt:${nextDay(value)}`);
  }
  return out;
}

function styled(columns: readonly DataColumn[], w: WidgetSpec): DataColumn[] {
  return columns.map((c) => {
    const format: ValueFormat | undefined = w.formats[c.name] ?? c.format;
    return { ...c, label: w.labels[c.name] ?? c.label, ...(format ? { format } : {}) };
  });
}

type TabularSpec = Extract<WidgetSpec['query'], { kind: 'aggregate' | 'changes_aggregate' | 'jobs' }>;

/**
 * Metric widgets' single-row aggregates over the same stream and filters: one statement (one scan) for all of them;
 * likewise one job-history total per query and filters.
 */
type SharedMetrics = (w: WidgetSpec, where: string[]) => Promise<AggregateResult> | null;

function sharedMetrics(db: SqlExecutor, dash: DashboardSpec, values: Record<string, string>): SharedMetrics {
  const keyOf = (q: TabularSpec, where: string[]) =>
    q.kind === 'aggregate' && q.by.length === 0 ? JSON.stringify([q.stream, [...q.where, ...where], q.q ?? null, q.status, q.tz ?? dash.tz ?? null]) : null;
  const metrics = new Map<string, Set<string>>();
  for (const w of dash.widgets) {
    if (w.type !== 'metric') continue;
    const key = keyOf(w.query, filterClauses(dash, w, values));
    if (key && w.query.kind === 'aggregate') metrics.set(key, new Set([...(metrics.get(key) ?? []), ...w.query.metrics]));
  }
  const results = new Map<string, Promise<AggregateResult>>();
  return (w, where) => {
    // The job history's totals are the same for every jobs widget with the same query and filters: computed once.
    if (w.type === 'metric' && w.query.kind === 'jobs') {
      const key = JSON.stringify(['jobs', w.query, where]);
      let r = results.get(key);
      if (!r) {
        r = runTabular(db, dash, w.query, where);
        results.set(key, r);
      }
      return r;
    }
    if (w.type !== 'metric' || w.query.kind !== 'aggregate') return null;
    const key = keyOf(w.query, where);
    const all = key ? metrics.get(key) : undefined;
    if (!key || !all || all.size <= w.query.metrics.length) return null;
    let r = results.get(key);
    if (!r) {
      r = runTabular(db, dash, { ...w.query, metrics: [...all] }, where);
      results.set(key, r);
    }
    const own = w.query;
    // A sibling's bad metric must not fail this widget: on any error it runs its own query.
    return r.then(
      (x) => ({ columns: x.columns.filter((c) => own.metrics.some((m) => c.name === m.replace(':', '_'))), rows: x.rows }),
      () => runTabular(db, dash, own, where),
    );
  };
}

async function runTabular(db: SqlExecutor, dash: DashboardSpec, q: TabularSpec, where: string[]): Promise<AggregateResult> {
  if (q.kind === 'jobs') return jobsTotals(db, q, where);
  const tz = q.tz ?? dash.tz;
  const req: AggregateRequest = {
    by: q.by, metrics: q.metrics, where: [...q.where, ...where], sort: q.sort, limit: q.limit, ...(tz ? { tz } : {}),
    ...(q.kind === 'aggregate' ? { q: q.q, status: q.status } : {}),
  };
  return q.kind === 'aggregate' ? aggregateStream(db, q.stream, req) : aggregateChanges(db, q.stream, req);
}

function sourceOf(q: { kind?: string; stream?: string; where: readonly string[]; q?: string | undefined; status?: 'active' | 'removed' | 'all' }, extra: string[]): EvaluatedWidget['source'] {
  if (q.kind === 'changes_aggregate' || q.stream === undefined) return undefined;
  return { stream: q.stream, where: [...q.where, ...extra], ...(q.q ? { q: q.q } : {}), status: q.status ?? 'active' };
}

function fail(message: string): never {
  throw new SluiceError('validation_failed', message);
}

async function evaluateWidget(
  db: SqlExecutor, dash: DashboardSpec, w: WidgetSpec, values: Record<string, string>, now: Date, shared: SharedMetrics,
): Promise<EvaluatedWidget> {
  const base = { id: w.id, title: w.title, ...(w.description ? { description: w.description } : {}), width: w.width };
  const extra = filterClauses(dash, w, values);
  try {
    switch (w.type) {
      case 'metric': {
        const r = await (shared(w, extra) ?? runTabular(db, dash, w.query, extra));
        const metrics = r.columns.filter((c) => c.role === 'metric').map((c) => c.name);
        const col = w.value ?? metrics[0];
        if (!col || !r.columns.some((c) => c.name === col)) fail(`metric "${w.value ?? ''}" is not a column of the query (${metrics.join(', ')})`);
        if (w.divideBy && !r.columns.some((c) => c.name === w.divideBy)) fail(`divideBy "${w.divideBy}" is not a column of the query (${metrics.join(', ')})`);
        const row = r.rows[0];
        const raw = row?.[col];
        let value = typeof raw === 'number' ? raw : null;
        if (w.divideBy) {
          const den = row?.[w.divideBy];
          value = value !== null && typeof den === 'number' && den !== 0 ? value / den : null;
        }
        return { ...base, type: 'metric', format: w.format, data: { value }, source: sourceOf(w.query, extra) };
      }
      case 'bar':
      case 'line':
      case 'pie': {
        const r = await runTabular(db, dash, w.query, extra);
        const groups = r.columns.filter((c) => c.role === 'group').map((c) => c.name);
        const metrics = r.columns.filter((c) => c.role === 'metric').map((c) => c.name);
        const x = w.x ?? groups[0];
        const y = w.y ?? metrics;
        const series = w.series ?? (w.x === undefined ? groups[1] : undefined);
        const names = r.columns.map((c) => c.name);
        if (!x) fail('a chart needs a group column (by: [...])');
        for (const c of [x, ...y, ...(series ? [series] : [])]) if (!names.includes(c)) fail(`"${c}" is not a column of the query (${names.join(', ')})`);
        if (y.length === 0) fail('a chart needs a metric column');
        return {
          ...base, type: w.type, x, y, ...(series ? { series } : {}), data: { columns: styled(r.columns, w), rows: r.rows },
          ...withSource(sourceOf(w.query, extra)),
        };
      }
      case 'table': {
        if (w.query.kind !== 'records') {
          const r = await runTabular(db, dash, w.query, extra);
          return {
            ...base, type: 'table', paged: false, ...(w.query.sort ? { sort: w.query.sort } : {}), data: { columns: styled(r.columns, w), rows: r.rows },
            ...withSource(sourceOf(w.query, extra)),
          };
        }
        return await recordsTable(db, w, base, extra);
      }
      case 'map':
        return await mapWidget(db, w, base, extra);
      case 'changes':
        return await changesWidget(db, dash, w, base, values, now);
    }
  } catch (err) {
    const e = toSluiceError(err);
    const message = e.code === 'not_found' ? `${e.message} (not synced yet?)` : e.message;
    return { ...emptyOf(w, base), error: { code: e.code, message } };
  }
}

function withSource(source: EvaluatedWidget['source']): { source?: NonNullable<EvaluatedWidget['source']> } {
  return source ? { source } : {};
}

type Base = { id: string; title: string; description?: string; width: number };

/** The widget's shape with no data, for a widget that carries an error. */
function emptyOf(w: WidgetSpec, base: Base): EvaluatedWidget {
  const empty = { columns: [], rows: [] };
  switch (w.type) {
    case 'metric':
      return { ...base, type: 'metric', format: w.format, data: { value: null } };
    case 'bar':
    case 'line':
    case 'pie':
      return { ...base, type: w.type, x: w.x ?? '', y: w.y?.length ? w.y : [''], data: empty };
    case 'table':
      return { ...base, type: 'table', paged: w.query.kind === 'records', data: empty };
    case 'map':
      return { ...base, type: 'map', data: w.query.mode === 'points' ? { mode: 'points', points: [] } : { mode: 'countries', countries: [] } };
    case 'changes':
      return { ...base, type: 'changes', data: { items: [] } };
  }
}

async function streamFields(db: SqlExecutor, stream: string): Promise<{ id: number; fields: readonly FieldSpec[] }> {
  const { rows } = await db.query<{ id: number; schema: { fields: FieldSpec[] } }>('select id, schema from streams where name = $1', [stream]);
  const s = rows[0];
  if (!s) throw new SluiceError('not_found', `no stream named "${stream}"`);
  return { id: s.id, fields: s.schema.fields };
}

function columnOf(f: FieldSpec, label: string | undefined, format: ValueFormat | undefined): DataColumn {
  const type: DataColumn['type'] =
    f.type === 'integer' || f.type === 'number' ? 'number' : f.type === 'boolean' ? 'boolean' : f.type === 'date' ? 'date' : f.type === 'datetime' ? 'datetime' : 'string';
  const fmt = format ?? (f.type === 'integer' ? 'integer' : f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : f.type === 'datetime' ? 'datetime' : undefined);
  return { name: f.name, label: label ?? f.description ?? f.name, role: 'field', type, ...(fmt ? { format: fmt } : {}) };
}

function cell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.join(', ');
  return JSON.stringify(v);
}

async function recordsTable(db: SqlExecutor, w: Extract<WidgetSpec, { type: 'table' }>, base: Base, extra: string[]): Promise<EvaluatedWidget> {
  const q = w.query;
  if (q.kind !== 'records') throw new SluiceError('internal', 'not a records table');
  const s = await streamFields(db, q.stream);
  const names = q.fields ?? s.fields.map((f) => f.name);
  const unknown = names.filter((n) => !s.fields.some((f) => f.name === n));
  if (unknown.length) fail(`unknown field(s) ${unknown.map((u) => `"${u}"`).join(', ')} in stream "${q.stream}"`);
  const built = buildRecordQuery({ streamId: s.id, fields: s.fields, where: [...q.where, ...extra], q: q.q, status: q.status, sort: q.sort, limit: q.pageSize + 1 });
  const { rows } = await db.query<{ key: string; data: Record<string, unknown>; sort_value: unknown }>(built.text, built.params);
  const page = rows.slice(0, q.pageSize);
  const last = page[page.length - 1];
  const columns = names.map((n) => columnOf(s.fields.find((f) => f.name === n)!, w.labels[n], w.formats[n]));
  const data: DataRow[] = page.map((r) => ({ _key: r.key, ...Object.fromEntries(names.map((n) => [n, cell(r.data[n])])) }));
  return {
    ...base, type: 'table', paged: true, ...(q.sort ? { sort: q.sort } : {}),
    next_cursor: rows.length > q.pageSize && last ? encodeCursor([last.sort_value, last.key]) : null,
    data: { columns, rows: data },
    source: { stream: q.stream, where: [...q.where, ...extra], ...(q.q ? { q: q.q } : {}), status: q.status },
  };
}

async function mapWidget(db: SqlExecutor, w: Extract<WidgetSpec, { type: 'map' }>, base: Base, extra: string[]): Promise<EvaluatedWidget> {
  const q = w.query;
  const source = { stream: q.stream, where: [...q.where, ...extra], ...(q.q ? { q: q.q } : {}), status: q.status };
  if (q.mode === 'countries') {
    const r = await aggregateStream(db, q.stream, { by: [q.country], metrics: [q.metric], where: source.where, q: q.q, status: q.status, limit: 10_000 });
    const valueCol = r.columns.find((c) => c.role === 'metric')!.name;
    const countries = r.rows
      .filter((row) => typeof row[q.country] === 'string' && /^[A-Za-z]{2}$/.test(String(row[q.country])))
      .map((row) => ({ code: String(row[q.country]).toUpperCase(), value: typeof row[valueCol] === 'number' ? row[valueCol] : 0 }));
    return { ...base, type: 'map', data: { mode: 'countries', countries }, source };
  }
  const s = await streamFields(db, q.stream);
  const problems: string[] = [];
  for (const [role, name] of [['lat', q.lat], ['lon', q.lon], ['label', q.label]] as const) {
    const f = s.fields.find((x) => x.name === name);
    if (!f) problems.push(`${role}: unknown field "${name}"`);
    else if (role !== 'label' && f.type !== 'number' && f.type !== 'integer') problems.push(`${role}: "${name}" is a ${f.type}, not a number`);
  }
  if (problems.length) fail(problems.join('; '));
  const built = buildRecordQuery({
    streamId: s.id, fields: s.fields, where: [...source.where, `${q.lat}:notnull`, `${q.lon}:notnull`], q: q.q, status: q.status, limit: q.limit,
  });
  const { rows } = await db.query<{ key: string; data: Record<string, unknown> }>(built.text, built.params);
  const points = rows
    .map((r) => ({ lat: Number(r.data[q.lat]), lon: Number(r.data[q.lon]), label: String(r.data[q.label] ?? r.key), key: r.key }))
    .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180);
  return { ...base, type: 'map', data: { mode: 'points', points }, source };
}

async function changesWidget(
  db: SqlExecutor,
  dash: DashboardSpec,
  w: Extract<WidgetSpec, { type: 'changes' }>,
  base: Base,
  values: Record<string, string>,
  now: Date,
): Promise<EvaluatedWidget> {
  const q = w.query;
  let since: string | null = q.days ? new Date(now.getTime() - q.days * 86_400_000).toISOString() : null;
  let until: string | null = null;
  for (const [name, field] of Object.entries(w.filters)) {
    const f = dash.filters.find((x) => x.name === name);
    const v = values[name];
    if (!f || v === undefined) continue;
    if (field !== 'at' || (f.type !== 'date_from' && f.type !== 'date_to')) fail(`filter "${name}": a change feed takes only date filters mapped to "at"`);
    if (f.type === 'date_from' && (since === null || v > since)) since = v;
    if (f.type === 'date_to') until = nextDay(v);
  }
  if (q.streams.length) {
    const { rows } = await db.query<{ name: string }>('select name from streams where name = any($1::text[])', [q.streams]);
    const missing = q.streams.filter((s) => !rows.some((r) => r.name === s));
    if (missing.length) throw new SluiceError('not_found', `no stream named ${missing.map((m) => `"${m}"`).join(', ')}`);
  }
  const { rows } = await db.query<{ id: number; run_id: string | null; stream: string; key: string; kind: string; fields: Record<string, unknown> | null; actor: string | null; at: Date }>(
    `select c.id, c.run_id::text as run_id, s.name as stream, c.key, c.kind, c.fields, c.actor, c.at
     from changes c join streams s on s.id = c.stream_id
     where (cardinality($1::text[]) = 0 or s.name = any($1::text[])) and (cardinality($2::text[]) = 0 or c.kind = any($2::text[]))
       and ($3::timestamptz is null or c.at >= $3::timestamptz) and ($4::timestamptz is null or c.at < $4::timestamptz)
     order by c.id desc limit $5`,
    [q.streams, q.kinds, since, until, q.limit],
  );
  return {
    ...base, type: 'changes',
    data: { items: rows.map((r) => ({ ...r, id: Number(r.id), at: new Date(r.at).toISOString() })) },
  };
}
