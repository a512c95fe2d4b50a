import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { toCsv } from '../../core/to-csv.js';
import { cancelHistoryEntry, retryHistoryEntry } from '../../jobs/run-actions.js';
import {
  HISTORY_CSV_COLUMNS,
  HISTORY_STATUSES,
  listRunHistory,
  parseHistoryStatuses,
  runHistoryTotals,
  type RunHistoryEntry,
  type RunHistoryFilter,
} from '../../jobs/run-history.js';
import { resolveStreamNames } from '../../pipeline/stream-aliases.js';
import type { SqlExecutor } from '../../store/database.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { decodeCursor, encodeCursor, idParam, iso, isoDate, nullableIsoDate } from '../api-schemas.js';

const list = z.union([z.string().max(2000), z.array(z.string().max(200)).max(200)]).optional();

const filterQuery = z.object({
  connection: list.describe('connection name(s) (a DGI dealer), repeated or comma-separated'),
  stream: list.describe('stream name(s) or aliases (a DGI job type such as inv2_read)'),
  status: list.describe(`status(es): ${HISTORY_STATUSES.join(', ')}`),
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('started at or after (date = 00:00 UTC)'),
  until: z.iso.datetime({ offset: true }).or(z.iso.date()).optional().describe('started before'),
  trigger: z.string().max(200).optional().describe('cli, api, job, schedule:<id>, retry:<run>, …'),
});

const entry = z.object({
  id: z.string(),
  run_id: z.string().nullable(),
  job_id: z.string().nullable(),
  connection: z.string(),
  stream: z.string(),
  status: z.enum(HISTORY_STATUSES),
  trigger: z.string(),
  full_refresh: z.boolean(),
  range_from: nullableIsoDate,
  range_to: nullableIsoDate,
  started_at: isoDate,
  finished_at: nullableIsoDate,
  duration_ms: z.number().nullable(),
  fetched: z.number(),
  created: z.number(),
  updated: z.number(),
  quarantined: z.number(),
  error: z.string().nullable(),
});

const totals = z.object({
  connection: z.string().describe('`*` on the overall row'),
  stream: z.string(),
  total: z.number().int(),
  queued: z.number().int(),
  running: z.number().int(),
  succeeded: z.number().int(),
  partial: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
  success_rate: z.number().nullable().describe('succeeded ÷ finished, 0–1'),
  avg_duration_ms: z.number().nullable(),
  records_fetched: z.number().int(),
});

const asList = (v: string | string[] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);

export async function historyFilterOf(db: SqlExecutor, q: z.infer<typeof filterQuery>): Promise<RunHistoryFilter> {
  const connections = asList(q.connection);
  const streams = await resolveStreamNames(db, asList(q.stream));
  const statuses = parseHistoryStatuses(asList(q.status));
  return {
    ...(connections.length ? { connections } : {}),
    ...(streams.length ? { streams } : {}),
    ...(statuses ? { statuses } : {}),
    ...(q.since ? { since: new Date(q.since) } : {}),
    ...(q.until ? { until: new Date(q.until) } : {}),
    ...(q.trigger ? { trigger: q.trigger } : {}),
  };
}

export function outEntry(e: RunHistoryEntry): z.infer<typeof entry> {
  return { ...e, range_from: iso(e.range_from), range_to: iso(e.range_to), started_at: iso(e.started_at), finished_at: iso(e.finished_at) };
}

/** The job history (every sync run per stream, and waiting sync jobs): filters, totals, CSV, cancel and retry. */
export const runHistoryRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['runs'];

  f.get('/api/v1/runs/history', {
    config: { auth: 'runs:read' },
    schema: {
      tags,
      summary: 'Job history: one entry per run and stream (a dealer × job type), plus waiting sync jobs, newest first',
      querystring: filterQuery.extend({ cursor: z.string().max(400).optional(), limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      response: { 200: z.object({ items: z.array(entry), next_cursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const filter = await historyFilterOf(db, req.query);
    const after = decodeCursor(req.query.cursor, 3);
    const items = await listRunHistory(db, filter, {
      limit: req.query.limit,
      ...(after ? { after: { started_at: String(after[0]), id: String(after[1]), stream: String(after[2]) } } : {}),
    });
    const last = items[items.length - 1];
    return {
      items: items.map(outEntry),
      next_cursor: items.length === req.query.limit && last ? encodeCursor([iso(last.started_at), last.id, last.stream]) : null,
    };
  });

  f.get('/api/v1/runs/history/totals', {
    config: { auth: 'runs:read' },
    schema: {
      tags,
      summary: 'Totals per connection and stream over the same filters: counts by status, success rate, average duration, records',
      querystring: filterQuery,
      response: { 200: z.object({ overall: totals, items: z.array(totals) }) },
    },
  }, async (req) => {
    const rows = await runHistoryTotals(db, await historyFilterOf(db, req.query));
    const overall = rows.find((r) => r.connection === '*' && r.stream === '*');
    const empty = { connection: '*', stream: '*', total: 0, queued: 0, running: 0, succeeded: 0, partial: 0, failed: 0, cancelled: 0, success_rate: null, avg_duration_ms: null, records_fetched: 0 };
    return { overall: overall ?? empty, items: rows.filter((r) => r !== overall) };
  });

  f.get('/api/v1/runs/history/export', {
    config: { auth: 'runs:read' },
    schema: { tags, summary: 'The filtered job history as CSV (up to 100,000 entries, newest first)', querystring: filterQuery },
  }, async (req, reply) => {
    const items = await listRunHistory(db, await historyFilterOf(db, req.query), { limit: 100_000 });
    await writeAudit(db, { actor: actorOf(req), action: 'runs.export', target: 'runs', requestId: req.id, ip: req.ip, details: { rows: items.length } });
    reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="job-history.csv"');
    return reply.send(toCsv(items as unknown as Record<string, unknown>[], HISTORY_CSV_COLUMNS));
  });

  for (const action of ['cancel', 'retry'] as const) {
    f.post(`/api/v1/runs/:id/${action}`, {
      config: { auth: 'jobs:write' },
      schema: {
        tags,
        summary: action === 'cancel'
          ? 'Cancel a running run (through its job) or a waiting sync job; the cursor stays where it was'
          : 'Run a failed, partial or cancelled run again: same connection, streams, range and full flag',
        params: idParam,
        response: {
          200: z.object({ id: z.string(), cancelled: z.enum(['run', 'job']).optional(), job_id: z.string().nullable().optional(), run_id: z.string().nullable().optional() }),
        },
      },
    }, async (req) => {
      const local = { cancel: (id: string) => deps.background.cancel(id), start: (o: Parameters<typeof deps.background.start>[0]) => deps.background.start(o) };
      if (action === 'cancel') {
        const r = await cancelHistoryEntry(db, deps.jobs, local, req.params.id);
        await writeAudit(db, { actor: actorOf(req), action: 'run.cancel', target: req.params.id, requestId: req.id, ip: req.ip });
        return r;
      }
      const r = await retryHistoryEntry(db, deps.jobs, local, req.params.id);
      await writeAudit(db, { actor: actorOf(req), action: 'run.retry', target: req.params.id, requestId: req.id, ip: req.ip, details: { job_id: r.job_id } });
      return { id: r.retried, job_id: r.job_id, run_id: r.run_id };
    });
  }
};
