import { createHash } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import type { Database, SqlExecutor } from './database.js';
import { fieldLiteral } from './record-filters.js';

/**
 * A rollup: the count of a stream's active records and the sums of some numeric fields, per group of field values
 * (and per day of a date field). Maintained by the `records` triggers of migration 1400 in the writing transaction, so
 * it always equals what the same aggregate over the records gives; `rollup-source.ts` answers aggregates from it.
 */
export interface StreamRollupDeclaration {
  readonly stream: string;
  /** Fields grouped by their text value. */
  readonly dims: readonly string[];
  /** A date or datetime field grouped by its day (the ISO value's first 10 characters). */
  readonly day?: string | undefined;
  /** Numeric fields summed (with their non-empty count, for averages). */
  readonly measures: readonly string[];
  /** Who declared it: `pack:<id>`. */
  readonly source: string;
}

export interface StreamRollup {
  readonly id: number;
  readonly stream: string;
  readonly dims: readonly string[];
  readonly day: string | null;
  readonly measures: readonly string[];
  readonly source: string;
}

// A text value the numeric cast accepts: anything else counts as empty rather than failing the writing statement.
const NUMERIC_TEXT = String.raw`'^\s*[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?\s*$'`;

function numericOf(field: string): string {
  const t = `(c.data->>${fieldLiteral(field)})`;
  return `(case when ${t} ~ ${NUMERIC_TEXT} then ${t}::numeric end)`;
}

/** The SQL expressions of a rollup's group array (dims, then the day), over a row alias `c` of `records`. */
export function rollupDimExprs(d: Pick<StreamRollupDeclaration, 'dims' | 'day'>): string[] {
  return [...d.dims.map((f) => `(c.data->>${fieldLiteral(f)})`), ...(d.day ? [`left(c.data->>${fieldLiteral(d.day)}, 10)`] : [])];
}

/**
 * Pure: the statement applying one delta to a rollup's groups. `%s` stands for the signed rows (a `sign` column and
 * the columns of `records`), $1 for the stream id, $2 for the rollup id. Groups whose delta is nothing are skipped.
 */
export function rollupApplySql(d: Pick<StreamRollupDeclaration, 'dims' | 'day' | 'measures'>): string {
  const m = d.measures.map(numericOf);
  const sums = m.map((e) => `sum(c.sign * ${e})`);
  const counts = m.map((e) => `sum(c.sign * (${e} is not null)::int)`);
  const arr = (xs: string[], type: string) => (xs.length ? `array[${xs.map((x) => `coalesce(${x}, 0)`).join(', ')}]::${type}[]` : `'{}'::${type}[]`);
  const addArrays = (col: string, type: string) =>
    d.measures.length
      ? `(select array_agg(coalesce(a, 0) + coalesce(b, 0) order by i)::${type}[] from unnest(g.${col}, excluded.${col}) with ordinality u(a, b, i))`
      : `'{}'::${type}[]`;
  const nonZero = ['sum(c.sign) <> 0', ...sums.map((s) => `coalesce(${s}, 0) <> 0`), ...counts.map((s) => `coalesce(${s}, 0) <> 0`)];
  // Groups are upserted in dims order, so two statements touching the same groups lock them in the same order.
  const sql = `insert into stream_rollup_groups as g (rollup_id, dims, n, sums, counts)
select $2, array[${rollupDimExprs(d).join(', ')}]::text[], sum(c.sign), ${arr(sums, 'numeric')}, ${arr(counts, 'bigint')}
from (%s) c where c.stream_id = $1 and c.status = 'active'
group by 2 having ${nonZero.join(' or ')}
order by 2
on conflict (rollup_id, dims) do update set n = g.n + excluded.n, sums = ${addArrays('sums', 'numeric')}, counts = ${addArrays('counts', 'bigint')}`;
  // The text is a format() string for the trigger: a literal % is doubled, `%s` is the one placeholder.
  return sql.replace(/%/g, '%%').replace('%%s', '%s');
}

/** The apply statement with its rows in place (what the trigger's format() does). */
export function withRollupRows(applySql: string, rowsSql: string): string {
  const [head = '', tail = ''] = applySql.split('%s');
  return `${head.replace(/%%/g, '%')}${rowsSql}${tail.replace(/%%/g, '%')}`;
}

function rollupName(d: Pick<StreamRollupDeclaration, 'stream' | 'dims' | 'day' | 'measures'>): string {
  return `rollup_${createHash('sha1').update(JSON.stringify([d.stream, d.dims, d.day ?? '', d.measures])).digest('hex').slice(0, 12)}`;
}

/**
 * Records a rollup (idempotent). When the stream already has records, its groups are computed from them in the same
 * transaction, with writes to `records` held back meanwhile so no write falls between the backfill and the trigger.
 */
export async function declareStreamRollup(db: Database, d: StreamRollupDeclaration): Promise<StreamRollup> {
  if (d.dims.length === 0 && !d.day) throw new SluiceError('validation_failed', `a rollup of "${d.stream}" needs a group field or a day field`);
  const name = rollupName(d);
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: number }>(
      `insert into stream_rollups (name, stream_name, dims, day_field, measures, source, apply_sql) values ($1, $2, $3::text[], $4, $5::text[], $6, $7)
       on conflict (name) do nothing returning id`,
      [name, d.stream, [...d.dims], d.day ?? '', [...d.measures], d.source, rollupApplySql(d)],
    );
    const id = rows[0]?.id;
    if (id === undefined) return;
    const { rows: s } = await tx.query<{ id: number }>('select id from streams where name = $1', [d.stream]);
    if (!s[0]) return;
    await tx.query('lock table records in share row exclusive mode');
    await tx.query(withRollupRows(rollupApplySql(d), 'select 1 as sign, * from records where stream_id = $1'), [s[0].id, id]);
  });
  const r = (await listStreamRollups(db, d.stream)).find((x) => same(x, d));
  if (!r) throw new SluiceError('database_error', `rollup ${name} was not recorded`);
  return r;
}

function same(a: StreamRollup, d: StreamRollupDeclaration): boolean {
  return JSON.stringify([a.dims, a.day ?? '', a.measures]) === JSON.stringify([d.dims, d.day ?? '', d.measures]);
}

export async function listStreamRollups(db: SqlExecutor, stream: string): Promise<StreamRollup[]> {
  const { rows } = await db.query<{ id: number; stream_name: string; dims: string[]; day_field: string; measures: string[]; source: string }>(
    'select id, stream_name, dims, day_field, measures, source from stream_rollups where stream_name = $1 order by id',
    [stream],
  );
  return rows.map((r) => ({ id: r.id, stream: r.stream_name, dims: r.dims, day: r.day_field || null, measures: r.measures, source: r.source }));
}

/** Removes the rollups a pack declared (their groups go with them). */
export async function dropStreamRollups(db: SqlExecutor, source: string): Promise<number> {
  const { rows } = await db.query('delete from stream_rollups where source = $1 returning id', [source]);
  return rows.length;
}

/**
 * The distinct non-empty values of a field, ascending, from the smallest rollup grouping by it (a filter's options
 * over millions of records); null when no rollup of the stream groups by that field.
 */
export async function rollupDistinctValues(db: SqlExecutor, stream: string, field: string, limit: number): Promise<string[] | null> {
  const r = (await listStreamRollups(db, stream)).filter((x) => x.dims.includes(field)).sort((a, b) => a.dims.length - b.dims.length)[0];
  if (!r) return null;
  const slot = r.dims.indexOf(field) + 1;
  const { rows } = await db.query<{ value: string }>(
    `select g.dims[${slot}] as value from stream_rollup_groups g
     where g.rollup_id = $1 and g.n > 0 and g.dims[${slot}] <> '' group by 1 order by 1 limit $2`,
    [r.id, limit],
  );
  return rows.map((x) => x.value);
}
