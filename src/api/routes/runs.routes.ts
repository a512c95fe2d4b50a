import { z } from 'zod';
import { SluiceError } from '../../core/errors.js';
import type { RouteModule } from '../api-deps.js';
import { decodeCursor, encodeCursor, idParam, iso, isoDate, limitParam, nullableIsoDate } from '../api-schemas.js';

const run = z.object({
  id: z.string(),
  connection: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled']),
  full_refresh: z.boolean(),
  trigger: z.string(),
  streams: z.record(z.string(), z.unknown()).describe('per-stream counts'),
  flags: z.array(z.unknown()),
  error: z.unknown().nullable(),
  started_at: isoDate,
  finished_at: nullableIsoDate,
  heartbeat_at: nullableIsoDate,
});

interface RunRow {
  id: string;
  connection_name: string;
  kind: string;
  status: z.infer<typeof run>['status'];
  full_refresh: boolean;
  trigger: string;
  streams: Record<string, unknown>;
  flags: unknown[];
  error: unknown;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}

function outRun(r: RunRow): z.infer<typeof run> {
  return {
    id: r.id,
    connection: r.connection_name,
    kind: r.kind,
    status: r.status,
    full_refresh: r.full_refresh,
    trigger: r.trigger,
    streams: r.streams,
    flags: r.flags,
    error: r.error ?? null,
    started_at: iso(r.started_at),
    finished_at: iso(r.finished_at),
    heartbeat_at: iso(r.heartbeat_at),
  };
}

export const runRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['runs'];

  f.get('/api/v1/runs', {
    config: { auth: 'runs:read' },
    schema: {
      tags,
      summary: 'Runs, newest first',
      querystring: z.object({
        connection: z.string().max(200).optional(),
        status: run.shape.status.optional(),
        cursor: z.string().max(400).optional(),
        limit: limitParam,
      }),
      response: { 200: z.object({ items: z.array(run), next_cursor: z.string().nullable() }) },
    },
  }, async (req) => {
    const qs = req.query;
    const after = decodeCursor(qs.cursor, 2);
    const { rows } = await db.query<RunRow>(
      `select * from runs
       where ($1::text is null or connection_name = $1) and ($2::text is null or status = $2)
         and ($3::timestamptz is null or (started_at, id) < ($3::timestamptz, $4::uuid))
       order by started_at desc, id desc limit $5`,
      [qs.connection ?? null, qs.status ?? null, after?.[0] ?? null, after?.[1] ?? null, qs.limit],
    );
    const items = rows.map(outRun);
    const last = items[items.length - 1];
    return { items, next_cursor: items.length === qs.limit && last ? encodeCursor([last.started_at, last.id]) : null };
  });

  f.get('/api/v1/runs/:id', {
    config: { auth: 'runs:read' },
    schema: { tags, summary: 'One run with per-stream counts, flags and error', params: idParam, response: { 200: run } },
  }, async (req) => {
    const { rows } = await db.query<RunRow>('select * from runs where id = $1', [req.params.id]);
    const r = rows[0];
    if (!r) throw new SluiceError('not_found', `no run ${req.params.id}`);
    return outRun(r);
  });

  f.get('/api/v1/runs/:id/logs', {
    config: { auth: 'runs:read' },
    schema: {
      tags,
      summary: 'Log lines of a run, oldest first',
      params: idParam,
      querystring: z.object({ cursor: z.coerce.number().int().min(0).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
      response: {
        200: z.object({
          items: z.array(z.object({ id: z.number().int(), at: isoDate, level: z.string(), message: z.string(), data: z.unknown().nullable() })),
          next_cursor: z.number().int().nullable(),
        }),
      },
    },
  }, async (req) => {
    const exists = await db.query('select 1 from runs where id = $1', [req.params.id]);
    if (exists.rows.length === 0) throw new SluiceError('not_found', `no run ${req.params.id}`);
    const { rows } = await db.query<{ id: number; at: Date; level: string; message: string; data: unknown }>(
      'select id, at, level, message, data from run_logs where run_id = $1 and id > $2 order by id limit $3',
      [req.params.id, req.query.cursor ?? 0, req.query.limit],
    );
    const items = rows.map((r) => ({ ...r, id: Number(r.id), at: iso(r.at), data: r.data ?? null }));
    const last = items[items.length - 1];
    return { items, next_cursor: items.length === req.query.limit && last ? last.id : null };
  });
};
