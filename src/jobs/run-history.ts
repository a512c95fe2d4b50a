import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { BOSS_SCHEMA } from './boss-options.js';
import { queueNameOf } from './job-kinds.js';

export const HISTORY_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

/** Filters shared by the history list, its totals and its CSV export. */
export interface RunHistoryFilter {
  readonly connections?: readonly string[];
  /** Stream names or aliases resolved by the caller (a DGI job type is one stream). */
  readonly streams?: readonly string[];
  readonly statuses?: readonly HistoryStatus[];
  /** Started (queued: created) at or after. */
  readonly since?: Date;
  /** Started (queued: created) before. */
  readonly until?: Date;
  readonly trigger?: string;
}

/** One history entry: one stream of one run (a dealer × job type), or a sync job still waiting in the queue. */
export interface RunHistoryEntry {
  /** The run id; for a waiting job, the job id. */
  readonly id: string;
  readonly run_id: string | null;
  readonly job_id: string | null;
  readonly connection: string;
  /** `*` for a waiting job that syncs all of its connection's streams. */
  readonly stream: string;
  readonly status: HistoryStatus;
  readonly trigger: string;
  readonly full_refresh: boolean;
  readonly range_from: Date | null;
  readonly range_to: Date | null;
  readonly started_at: Date;
  readonly finished_at: Date | null;
  readonly duration_ms: number | null;
  readonly fetched: number;
  readonly created: number;
  readonly updated: number;
  readonly quarantined: number;
  readonly error: string | null;
}

export interface RunHistoryTotals {
  readonly connection: string;
  readonly stream: string;
  readonly total: number;
  readonly queued: number;
  readonly running: number;
  readonly succeeded: number;
  readonly partial: number;
  readonly failed: number;
  readonly cancelled: number;
  /** Succeeded ÷ finished (succeeded, partial, failed, cancelled); null before anything finished. */
  readonly success_rate: number | null;
  readonly avg_duration_ms: number | null;
  readonly records_fetched: number;
}

/**
 * Per-stream status of a run: a stream named in the run's errors failed; one with quarantined records or a flag
 * (guard, incomplete read) is partial; otherwise the stream succeeded even when a sibling stream failed.
 */
const STREAM_STATUS = `case
  when r.status in ('queued', 'running', 'cancelled') then r.status
  when r.error->'streams' @> jsonb_build_array(jsonb_build_object('stream', s.stream))
    or r.error->'streams' @> '[{"stream": "*"}]'::jsonb
    or (r.status = 'failed' and r.error->'streams' is null) then 'failed'
  when coalesce((r.streams->s.stream->>'quarantined')::int, 0) > 0
    or exists (select 1 from jsonb_array_elements_text(r.flags) f where f like s.stream || ': %') then 'partial'
  else 'succeeded' end`;

async function hasJobTable(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ t: string | null }>(`select to_regclass('${BOSS_SCHEMA}.job')::text as t`);
  return rows[0]?.t != null;
}

/** The entries as one SQL relation (runs × requested streams, plus waiting sync jobs), with the filter applied. */
async function entriesSql(db: SqlExecutor, f: RunHistoryFilter): Promise<{ sql: string; params: unknown[] }> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const runs = `
    select r.id::text as id, r.id::text as run_id, r.job_id::text as job_id, r.connection_name as connection, s.stream,
           ${STREAM_STATUS} as status, r.trigger, r.full_refresh, r.range_from, r.range_to, r.started_at, r.finished_at,
           case when r.finished_at is not null then (extract(epoch from (r.finished_at - r.started_at)) * 1000)::bigint end as duration_ms,
           coalesce((r.streams->s.stream->>'fetched')::bigint, 0) as fetched,
           coalesce((r.streams->s.stream->>'created')::bigint, 0) as created,
           coalesce((r.streams->s.stream->>'updated')::bigint, 0) as updated,
           coalesce((r.streams->s.stream->>'quarantined')::bigint, 0) as quarantined,
           (select e->>'message' from jsonb_array_elements(coalesce(r.error->'streams', jsonb_build_array(r.error))) e
             where e->>'stream' is null or e->>'stream' in (s.stream, '*') limit 1) as error
      from runs r
      cross join lateral unnest(coalesce(r.requested_streams,
        array(select k from jsonb_object_keys(r.streams) k where not exists (
          select 1 from streams c where c.name = k and c.parent_stream is not null)))) as s(stream)`;
  const queued = (await hasJobTable(db))
    ? `
    union all
    select j.id::text, null, j.id::text, j.data->>'connection', s.stream, 'queued', coalesce(j.data->>'trigger', 'job'),
           coalesce((j.data->>'full')::boolean, false), null, null, j.created_on, null, null, 0, 0, 0, 0, null
      from ${BOSS_SCHEMA}.job j
      cross join lateral unnest(coalesce(array(select jsonb_array_elements_text(j.data->'streams')), array['*'])) as s(stream)
     where j.name = '${queueNameOf('sync')}' and j.state in ('created', 'retry')`
    : '';
  const where: string[] = [];
  if (f.connections?.length) where.push(`connection = any(${p([...f.connections])}::text[])`);
  if (f.streams?.length) where.push(`(stream = any(${p([...f.streams])}::text[]) or stream = '*')`);
  if (f.statuses?.length) where.push(`status = any(${p([...f.statuses])}::text[])`);
  if (f.since) where.push(`started_at >= ${p(f.since.toISOString())}::timestamptz`);
  if (f.until) where.push(`started_at < ${p(f.until.toISOString())}::timestamptz`);
  if (f.trigger) where.push(`trigger = ${p(f.trigger)}`);
  const sql = `select * from (${runs}${queued}) h${where.length ? ` where ${where.join(' and ')}` : ''}`;
  return { sql, params };
}

interface EntryRow extends Omit<RunHistoryEntry, 'duration_ms' | 'fetched' | 'created' | 'updated' | 'quarantined'> {
  duration_ms: string | number | null;
  fetched: string | number;
  created: string | number;
  updated: string | number;
  quarantined: string | number;
}

const toEntry = (r: EntryRow): RunHistoryEntry => ({
  ...r,
  duration_ms: r.duration_ms === null ? null : Number(r.duration_ms),
  fetched: Number(r.fetched),
  created: Number(r.created),
  updated: Number(r.updated),
  quarantined: Number(r.quarantined),
});

/** Newest first; `after` is the last entry of the previous page (keyset pagination). */
export async function listRunHistory(
  db: SqlExecutor,
  f: RunHistoryFilter,
  page: { limit: number; after?: { started_at: string; id: string; stream: string } },
): Promise<RunHistoryEntry[]> {
  const { sql, params } = await entriesSql(db, f);
  const limit = Math.max(1, Math.min(page.limit, 100_000));
  let keyset = '';
  if (page.after) {
    params.push(page.after.started_at, page.after.id, page.after.stream);
    const n = params.length;
    keyset = ` where (started_at, id, stream) < ($${n - 2}::timestamptz, $${n - 1}, $${n})`;
  }
  const { rows } = await db.query<EntryRow>(`select * from (${sql}) x${keyset} order by started_at desc, id desc, stream desc limit ${limit}`, params);
  return rows.map(toEntry);
}

/** Totals per connection and stream (and an overall row, connection and stream `*`), over the same filter. */
export async function runHistoryTotals(db: SqlExecutor, f: RunHistoryFilter): Promise<RunHistoryTotals[]> {
  const { sql, params } = await entriesSql(db, f);
  const { rows } = await db.query<Record<string, string | number | null> & { connection: string | null; stream: string | null }>(
    `select connection, stream, count(*) as total,
            ${HISTORY_STATUSES.map((s) => `count(*) filter (where status = '${s}') as ${s}`).join(', ')},
            avg(duration_ms) filter (where finished_at is not null) as avg_duration_ms,
            sum(fetched) as records_fetched
       from (${sql}) h
      group by grouping sets ((connection, stream), ())
      order by connection nulls first, stream nulls first`,
    params,
  );
  return rows.map((r) => {
    const n = (k: string) => Number(r[k] ?? 0);
    const finished = n('succeeded') + n('partial') + n('failed') + n('cancelled');
    return {
      connection: r.connection ?? '*',
      stream: r.stream ?? '*',
      total: n('total'),
      queued: n('queued'),
      running: n('running'),
      succeeded: n('succeeded'),
      partial: n('partial'),
      failed: n('failed'),
      cancelled: n('cancelled'),
      success_rate: finished > 0 ? Math.round((n('succeeded') / finished) * 10_000) / 10_000 : null,
      avg_duration_ms: r.avg_duration_ms === null ? null : Math.round(Number(r.avg_duration_ms)),
      records_fetched: n('records_fetched'),
    };
  });
}

export const HISTORY_CSV_COLUMNS = [
  'id', 'run_id', 'job_id', 'connection', 'stream', 'status', 'trigger', 'full_refresh', 'range_from', 'range_to',
  'started_at', 'finished_at', 'duration_ms', 'fetched', 'created', 'updated', 'quarantined', 'error',
] as const;

export function parseHistoryStatuses(values: readonly string[] | undefined): HistoryStatus[] | undefined {
  if (!values?.length) return undefined;
  const list = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const bad = list.filter((v) => !(HISTORY_STATUSES as readonly string[]).includes(v));
  if (bad.length) throw new SluiceError('bad_request', `unknown status ${bad.map((b) => `"${b}"`).join(', ')} (${HISTORY_STATUSES.join(', ')})`);
  return list as HistoryStatus[];
}
