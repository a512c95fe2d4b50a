import { z } from 'zod';
import { changeFeedItem as changeItem } from '../../dashboards/dashboard-view.js';
import type { RouteModule } from '../api-deps.js';
import { iso, limitParam } from '../api-schemas.js';
import { findStream } from '../stream-lookup.js';

const KINDS = ['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated'] as const;
const POLL_MS = 1000;

interface ChangeRow {
  id: number;
  run_id: string | null;
  stream: string;
  key: string;
  kind: string;
  fields: Record<string, unknown> | null;
  actor: string | null;
  at: Date;
}


const SELECT = `select c.id, c.run_id, s.name as stream, c.key, c.kind, c.fields, c.actor, c.at
  from changes c join streams s on s.id = c.stream_id`;

function out(c: ChangeRow): z.infer<typeof changeItem> {
  return { ...c, id: Number(c.id), at: iso(c.at) };
}

/**
 * The Changes screen: the newest changes first (paged backwards by id), and a live feed of server-sent events that
 * resumes from Last-Event-ID after a reconnect.
 */
export const changesLiveRoutes: RouteModule = (f, deps) => {
  const { db } = deps.app;
  const filters = {
    stream: z.string().max(200).optional(),
    kind: z.enum(KINDS).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
  };

  f.get('/api/v1/changes/latest', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['changes'],
      summary: 'Changes newest first; before = the last id seen to page back',
      querystring: z.object({ ...filters, before: z.coerce.number().int().min(1).optional(), limit: limitParam }),
      response: { 200: z.object({ items: z.array(changeItem), next_cursor: z.number().int().nullable(), latest_id: z.number().int() }) },
    },
  }, async (req) => {
    const qs = req.query;
    const streamId = qs.stream ? (await findStream(db, qs.stream)).id : null;
    const [{ rows }, latest] = await Promise.all([
      db.query<ChangeRow>(
        `${SELECT} where ($1::bigint is null or c.id < $1) and ($2::int is null or c.stream_id = $2) and ($3::text is null or c.kind = $3)
           and ($4::timestamptz is null or c.at >= $4) and ($5::timestamptz is null or c.at < $5)
         order by c.id desc limit $6`,
        [qs.before ?? null, streamId, qs.kind ?? null, qs.since ?? null, qs.until ?? null, qs.limit],
      ),
      db.query<{ id: number | null }>(`select max(id) as id from changes`),
    ]);
    const items = rows.map(out);
    const last = items[items.length - 1];
    return { items, next_cursor: items.length === qs.limit && last ? last.id : null, latest_id: Number(latest.rows[0]?.id ?? 0) };
  });

  f.get('/api/v1/changes/live', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['changes'],
      summary:
        'Live changes as server-sent events (Accept: text/event-stream): one "change" event per new change after `after` ' +
        '(or Last-Event-ID). Without that Accept header: one poll, the changes after `after` as JSON.',
      querystring: z.object({ stream: filters.stream, kind: filters.kind, after: z.coerce.number().int().min(0).optional() }),
      response: { 200: z.object({ items: z.array(changeItem), next_cursor: z.number().int() }).describe('the JSON answer (without Accept: text/event-stream)') },
    },
  }, async (req, reply) => {
    const qs = req.query;
    const streamId = qs.stream ? (await findStream(db, qs.stream)).id : null;
    const lastHeader = Number(req.headers['last-event-id']);
    let cursor: number =
      Number.isInteger(lastHeader) && lastHeader > 0
        ? lastHeader
        : (qs.after ?? Number((await db.query<{ id: number | null }>(`select max(id) as id from changes`)).rows[0]?.id ?? 0));
    const poll = (after: number) =>
      db.query<ChangeRow>(
        `${SELECT} where c.id > $1 and ($2::int is null or c.stream_id = $2) and ($3::text is null or c.kind = $3) order by c.id limit 200`,
        [after, streamId, qs.kind ?? null],
      );
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      const items = (await poll(cursor)).rows.map(out);
      return { items, next_cursor: items[items.length - 1]?.id ?? cursor };
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': req.id,
    });
    res.write(`retry: 3000\n: connected at change ${cursor}\n\n`);
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    req.raw.on('close', () => {
      closed = true;
      if (timer) clearTimeout(timer);
    });
    const tick = async (): Promise<void> => {
      if (closed) return;
      try {
        const { rows } = await poll(cursor);
        for (const r of rows) {
          const c = out(r);
          cursor = c.id;
          res.write(`id: ${c.id}\nevent: change\ndata: ${JSON.stringify(c)}\n\n`);
        }
        if (rows.length === 0) res.write(': keep-alive\n\n');
      } catch (err) {
        req.log.warn({ err }, 'changes feed poll failed');
      }
      if (!closed) timer = setTimeout(() => void tick(), POLL_MS);
    };
    await tick();
    return reply;
  });
};
