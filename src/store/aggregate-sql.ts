import { SluiceError } from '../core/errors.js';
import type { FieldSpec } from '../core/stream-schema.js';
import { isValidTimeZone } from '../core/time-zone.js';
import type { DataColumn, DataRow } from '../dashboards/dashboard-view.js';
import {
  AGGREGATE_DEFAULT_LIMIT,
  AGGREGATE_MAX_LIMIT,
  METRIC_FUNCTIONS,
  TIME_BUCKETS,
  type AggregateRequest,
  type MetricFunction,
  type TimeBucket,
} from './aggregate-query.js';
import { buildRecordFilters, fieldLiteral, RECORD_TARGET, type FilterTarget } from './record-filters.js';

export interface BuiltAggregate {
  readonly text: string;
  readonly params: unknown[];
  readonly columns: DataColumn[];
}

/** What an aggregate runs over: a stream's records, or a stream's change history. */
export interface AggregateSource {
  readonly fields: readonly FieldSpec[];
  /** `from …` clause with its alias. */
  readonly from: string;
  /** Conditions that scope it (the stream), with their parameters already in `params`. */
  readonly scope: readonly string[];
  readonly params: readonly unknown[];
  readonly target: FilterTarget;
  /** SQL of a metric when the source computes it its own way (pre-aggregated groups); null or absent: the default. */
  readonly metric?: ((fn: MetricFunction, field: string | undefined) => string | null) | undefined;
}

const NUMERIC = new Set<FieldSpec['type']>(['integer', 'number']);
const TEMPORAL = new Set<FieldSpec['type']>(['date', 'datetime']);
const STRUCTURED = new Set<FieldSpec['type']>(['json', 'string[]', 'email[]', 'phone[]']);

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** Prefix of a parent stream's fields in aggregates over a child stream (`parent.dealerId`). */
export const PARENT_PREFIX = 'parent.';

/**
 * A stream's records as an aggregate source (`stream_id = $1`). A child stream also sees its parent record's fields
 * as `parent.<field>` (group, filter and measure by the parent's dealer or date), through the parent key.
 */
export function recordSource(streamId: number, fields: readonly FieldSpec[], parent?: { id: number; fields: readonly FieldSpec[] }): AggregateSource {
  if (!parent) return { fields, from: 'records r', scope: ['r.stream_id = $1'], params: [streamId], target: RECORD_TARGET };
  const parentFields = parent.fields.map((f) => ({ ...f, name: `${PARENT_PREFIX}${f.name}` }));
  return {
    fields: [...fields, ...parentFields],
    from: 'records r left join records p on p.stream_id = $2 and p.key = r.parent_key',
    scope: ['r.stream_id = $1'],
    params: [streamId, parent.id],
    target: {
      ...RECORD_TARGET,
      textOf: (f) => (f.startsWith(PARENT_PREFIX) ? `(p.data->>${fieldLiteral(f.slice(PARENT_PREFIX.length))})` : RECORD_TARGET.textOf(f)),
    },
  };
}

/** The fields of a stream's change history, as aggregates and their filters see them. */
export const CHANGE_FIELDS: readonly FieldSpec[] = [
  { name: 'at', type: 'datetime' },
  { name: 'kind', type: 'string' },
  { name: 'key', type: 'string' },
  { name: 'actor', type: 'string' },
  { name: 'run_id', type: 'string' },
];

/** A stream's change history as an aggregate source: fields `at`, `kind`, `key`, `actor`, `run_id`. */
export function changeSource(streamId: number): AggregateSource {
  const text: Record<string, string> = {
    at: `to_char(c.at at time zone 'UTC', ${ISO_UTC})`,
    kind: 'c.kind',
    key: 'c.key',
    actor: 'c.actor',
    run_id: 'c.run_id::text',
  };
  return {
    fields: CHANGE_FIELDS,
    from: 'changes c',
    scope: ['c.stream_id = $1'],
    params: [streamId],
    target: { textOf: (f) => text[f] ?? 'null', rowText: null, status: null },
  };
}

/** Column name of a metric: `count`, `count_distinct_<f>`, `sum_<f>`, … */
export function metricColumnName(fn: MetricFunction, field: string | undefined): string {
  return field === undefined ? fn : `${fn}_${field}`;
}

/**
 * Pure: one parameterised `group by` statement for an aggregate request, and the columns of its result. Only schema
 * fields are accepted; every problem (unknown field, bad bucket or metric, a metric on a field of the wrong type, an
 * unknown sort column, a bad time zone or limit) is collected and thrown at once as `validation_failed`.
 */
export function buildAggregateQuery(source: AggregateSource, req: AggregateRequest): BuiltAggregate {
  const params: unknown[] = [...source.params];
  const p = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const problems: string[] = [];
  const byName = new Map(source.fields.map((f) => [f.name, f]));
  const tz = req.tz ?? 'UTC';
  if (!isValidTimeZone(tz)) problems.push(`tz: unknown time zone "${tz}" (an IANA name such as Europe/Paris)`);
  let tzRef: string | null = null;
  const tzParam = (): string => (tzRef ??= `${p(tz)}::text`);
  const text = (f: string) => source.target.textOf(f);

  const selects: string[] = [];
  const columns: DataColumn[] = [];
  const groupAliases: string[] = [];
  const addColumn = (expr: string, col: DataColumn) => {
    if (columns.some((c) => c.name === col.name)) {
      problems.push(`column "${col.name}" is asked for twice`);
      return;
    }
    selects.push(`${expr} as c${columns.length}`);
    columns.push(col);
  };

  for (const b of req.by) {
    const [name = '', bucketText, ...extra] = b.split(':');
    const spec = byName.get(name);
    if (!spec) {
      problems.push(`by ${b}: unknown field "${name}"`);
      continue;
    }
    if (extra.length > 0) {
      problems.push(`by ${b}: expected field or field:${TIME_BUCKETS.join('|')}`);
      continue;
    }
    if (bucketText !== undefined) {
      if (!(TIME_BUCKETS as readonly string[]).includes(bucketText)) {
        problems.push(`by ${b}: unknown time bucket "${bucketText}" (use ${TIME_BUCKETS.join(', ')})`);
        continue;
      }
      if (!TEMPORAL.has(spec.type)) {
        problems.push(`by ${b}: "${name}" is a ${spec.type}; time buckets need a date or datetime field`);
        continue;
      }
      const bucket = bucketText as TimeBucket;
      const local = spec.type === 'date' ? `(${text(name)})::date` : `((${text(name)})::timestamptz at time zone ${tzParam()})`;
      groupAliases.push(`c${columns.length}`);
      addColumn(`to_char(date_trunc('${bucket}', ${local}), 'YYYY-MM-DD')`, {
        name: `${name}_${bucket}`, label: `${spec.description ?? name} (${bucket})`, role: 'group', type: 'date', format: 'date',
      });
      continue;
    }
    if (STRUCTURED.has(spec.type)) {
      problems.push(`by ${b}: "${name}" is a ${spec.type} field; group by a single-valued field`);
      continue;
    }
    groupAliases.push(`c${columns.length}`);
    if (NUMERIC.has(spec.type)) {
      addColumn(`(${text(name)})::float8`, { name, label: name, role: 'group', type: 'number', format: spec.type === 'integer' ? 'integer' : 'number' });
    } else if (spec.type === 'boolean') {
      addColumn(`(${text(name)})::boolean`, { name, label: name, role: 'group', type: 'boolean' });
    } else if (spec.type === 'datetime') {
      addColumn(`to_char((${text(name)})::timestamptz at time zone 'UTC', ${ISO_UTC})`, { name, label: name, role: 'group', type: 'datetime', format: 'datetime' });
    } else if (spec.type === 'date') {
      addColumn(`${text(name)}`, { name, label: name, role: 'group', type: 'date', format: 'date' });
    } else {
      addColumn(`${text(name)}`, { name, label: name, role: 'group', type: 'string' });
    }
  }

  if (req.metrics.length === 0) problems.push('metric: at least one metric is needed (count, sum:field, …)');
  for (const m of req.metrics) {
    const [fnText = '', field, ...extra] = m.split(':');
    if (!(METRIC_FUNCTIONS as readonly string[]).includes(fnText) || extra.length > 0) {
      problems.push(`metric ${m}: unknown metric (use count, count:field, count_distinct:field, sum:field, avg:field, min:field, max:field)`);
      continue;
    }
    const fn = fnText as MetricFunction;
    if (field === undefined) {
      if (fn !== 'count') {
        problems.push(`metric ${m}: ${fn} needs a field (${fn}:field)`);
        continue;
      }
      addColumn(source.metric?.('count', undefined) ?? 'count(*)', { name: 'count', label: 'count', role: 'metric', type: 'number', format: 'integer' });
      continue;
    }
    const spec = byName.get(field);
    if (!spec) {
      problems.push(`metric ${m}: unknown field "${field}"`);
      continue;
    }
    const col = metricColumnName(fn, field);
    const label = `${fn.replace('_', ' ')} of ${field}`;
    switch (fn) {
      case 'count':
        addColumn(`count(nullif(nullif(${text(field)}, ''), '[]'))`, { name: col, label, role: 'metric', type: 'number', format: 'integer' });
        break;
      case 'count_distinct':
        addColumn(`count(distinct ${text(field)})`, { name: col, label, role: 'metric', type: 'number', format: 'integer' });
        break;
      case 'sum':
      case 'avg':
        if (!NUMERIC.has(spec.type)) {
          problems.push(`metric ${m}: "${field}" is a ${spec.type}; ${fn} needs a number field`);
          break;
        }
        addColumn(source.metric?.(fn, field) ?? `${fn}((${text(field)})::numeric)::float8`, {
          name: col, label, role: 'metric', type: 'number', format: fn === 'sum' && spec.type === 'integer' ? 'integer' : 'number',
        });
        break;
      case 'min':
      case 'max':
        if (NUMERIC.has(spec.type)) {
          addColumn(`${fn}((${text(field)})::numeric)::float8`, { name: col, label, role: 'metric', type: 'number', format: spec.type === 'integer' ? 'integer' : 'number' });
        } else if (spec.type === 'date') {
          addColumn(`to_char(${fn}((${text(field)})::date), 'YYYY-MM-DD')`, { name: col, label, role: 'metric', type: 'date', format: 'date' });
        } else if (spec.type === 'datetime') {
          addColumn(`to_char(${fn}((${text(field)})::timestamptz) at time zone 'UTC', ${ISO_UTC})`, { name: col, label, role: 'metric', type: 'datetime', format: 'datetime' });
        } else {
          problems.push(`metric ${m}: "${field}" is a ${spec.type}; ${fn} needs a number, date or datetime field`);
        }
        break;
    }
  }

  const filters = buildRecordFilters({ fields: source.fields, where: req.where ?? [], q: req.q, status: req.status }, p, source.target);
  problems.push(...filters.problems);

  const limit = req.limit ?? AGGREGATE_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > AGGREGATE_MAX_LIMIT) problems.push(`limit: between 1 and ${AGGREGATE_MAX_LIMIT}`);

  let order = groupAliases.map((a) => `${a} asc nulls last`);
  if (req.sort) {
    const desc = req.sort.startsWith('-');
    const name = desc ? req.sort.slice(1) : req.sort;
    const i = columns.findIndex((c) => c.name === name);
    if (i < 0) problems.push(`sort: "${name}" is not a column of this aggregate (${columns.map((c) => c.name).join(', ') || 'none'})`);
    else order = [`c${i} ${desc ? 'desc' : 'asc'} nulls last`, ...order.filter((o) => !o.startsWith(`c${i} `))];
  }
  if (problems.length > 0) {
    throw new SluiceError('validation_failed', `invalid aggregate: ${problems.join('; ')}`, { details: { problems } });
  }
  const where = [...source.scope, ...filters.conds];
  const textSql = [
    `select ${selects.join(', ')}`,
    `from ${source.from}`,
    `where ${where.join(' and ')}`,
    groupAliases.length ? `group by ${groupAliases.join(', ')}` : '',
    order.length ? `order by ${order.join(', ')}` : '',
    `limit ${p(limit)}`,
  ].filter(Boolean).join('\n');
  return { text: textSql, params, columns };
}

/** The rows of an aggregate's result keyed by column name (numbers as numbers). */
export function aggregateRows(columns: readonly DataColumn[], rows: readonly Record<string, unknown>[]): DataRow[] {
  return rows.map((r) => {
    const out: DataRow = {};
    columns.forEach((c, i) => {
      const v = r[`c${i}`];
      out[c.name] = v === null || v === undefined ? null : c.type === 'number' ? Number(v) : typeof v === 'boolean' ? v : String(v);
    });
    return out;
  });
}
