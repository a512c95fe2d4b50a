import { z } from 'zod';
import type { RouteModule } from '../api-deps.js';
import { decodeCursor, encodeCursor, iso, isoDate, limitParam, nullableIsoDate } from '../api-schemas.js';
import { findStream, type StreamInfo } from '../stream-lookup.js';

const counts = z.object({ active: z.number().int(), removed: z.number().int(), quarantined: z.number().int() });
const streamItem = z.object({
  name: z.string(),
  connector: z.string(),
  primary_key: z.array(z.string()),
  sync_mode: z.string(),
  parent_stream: z.string().nullable(),
  view: z.string().nullable().describe('typed SQL view: data.<view>'),
  counts,
  last_seen_at: nullableIsoDate,
});
const fieldSpec = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  enum: z.array(z.string()).optional(),
  from: z.string().optional(),
  format: z.string().optional(),
});

interface StreamCountRow {
  id: number;
  name: string;
  connector: string;
  primary_key: string[];
  sync_mode: string;
  parent_stream: string | null;
  view_name: string | null;
  active: number;
  removed: number;
  quarantined: number;
  last_seen_at: Date | null;
}

const COUNTS_SQL = `select s.id, s.name, s.connector, s.primary_key, s.sync_mode, s.parent_stream, s.view_name,
    coalesce(rc.active, 0)::int as active, coalesce(rc.removed, 0)::int as removed,
    (select count(*)::int from quarantine q where q.stream_id = s.id and q.resolved_at is null) as quarantined,
    rc.last_seen_at
  from streams s
  left join lateral (
    select count(*) filter (where status = 'active') as active, count(*) filter (where status = 'removed') as removed,
      max(last_seen_at) as last_seen_at
    from records r where r.stream_id = s.id
  ) rc on true`;

function schemaOut(s: StreamInfo): { fields: z.infer<typeof fieldSpec>[] } {
  return { fields: s.schema.fields.map(({ enum: values, ...x }) => ({ ...x, ...(values ? { enum: [...values] } : {}) })) };
}

function outStream(r: StreamCountRow): z.infer<typeof streamItem> {
  return {
    name: r.name,
    connector: r.connector,
    primary_key: r.primary_key,
    sync_mode: r.sync_mode,
    parent_stream: r.parent_stream,
    view: r.view_name,
    counts: { active: r.active, removed: r.removed, quarantined: r.quarantined },
    last_seen_at: iso(r.last_seen_at),
  };
}

export const streamRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;

  f.get('/api/v1/streams', {
    config: { auth: 'data:read' },
    schema: { tags: ['streams'], summary: 'Streams with record counts', response: { 200: z.object({ items: z.array(streamItem) }) } },
  }, async () => {
    const { rows } = await db.query<StreamCountRow>(`${COUNTS_SQL} order by s.name`);
    return { items: rows.map(outStream) };
  });

  f.get('/api/v1/streams/:stream', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['streams'],
      summary: 'One stream: schema and counts',
      params: z.object({ stream: z.string().min(1).max(200) }),
      response: { 200: streamItem.extend({ schema: z.object({ fields: z.array(fieldSpec) }) }) },
    },
  }, async (req) => {
    const s = await findStream(db, req.params.stream);
    const { rows } = await db.query<StreamCountRow>(`${COUNTS_SQL} where s.id = $1`, [s.id]);
    return { ...outStream(rows[0] as StreamCountRow), schema: schemaOut(s) };
  });

  f.get('/api/v1/streams/:stream/schema', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['streams'],
      summary: 'One stream without its counts: schema, key and parent, answered at once however many records it holds',
      params: z.object({ stream: z.string().min(1).max(200) }),
      response: { 200: streamItem.omit({ counts: true, last_seen_at: true }).extend({ schema: z.object({ fields: z.array(fieldSpec) }) }) },
    },
  }, async (req) => {
    const s = await findStream(db, req.params.stream);
    return { name: s.name, connector: s.connector, primary_key: s.primary_key, sync_mode: s.sync_mode, parent_stream: s.parent_stream, view: s.view_name, schema: schemaOut(s) };
  });

  f.get('/api/v1/quarantine', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['streams'],
      summary: 'Records that failed validation, with reasons and raw payload, newest first',
      querystring: z.object({
        stream: z.string().max(200).optional(),
        run_id: z.uuid().optional(),
        include_resolved: z.enum(['true', 'false']).default('false'),
        cursor: z.string().max(200).optional(),
        limit: limitParam,
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.number().int(),
              stream: z.string().nullable(),
              run_id: z.string().nullable(),
              line: z.number().int().nullable(),
              position: z.string().nullable(),
              reasons: z.unknown(),
              raw: z.unknown(),
              at: isoDate,
              resolved_at: nullableIsoDate,
            }),
          ),
          next_cursor: z.string().nullable(),
        }),
      },
    },
  }, async (req) => {
    const qs = req.query;
    const streamId = qs.stream ? (await findStream(db, qs.stream)).id : null;
    const before = decodeCursor(qs.cursor, 1)?.[0];
    const { rows } = await db.query<{ id: number; stream: string | null; run_id: string | null; line: number | null; position: string | null; reasons: unknown; raw: unknown; at: Date; resolved_at: Date | null }>(
      `select q.id, s.name as stream, q.run_id, q.line, q.position, q.reasons, q.raw, q.at, q.resolved_at
       from quarantine q left join streams s on s.id = q.stream_id
       where ($1::int is null or q.stream_id = $1) and ($2::uuid is null or q.run_id = $2)
         and ($3::boolean or q.resolved_at is null) and ($4::bigint is null or q.id < $4)
       order by q.id desc limit $5`,
      [streamId, qs.run_id ?? null, qs.include_resolved === 'true', typeof before === 'number' ? before : null, qs.limit],
    );
    const items = rows.map((r) => ({ ...r, id: Number(r.id), line: r.line === null ? null : Number(r.line), at: iso(r.at), resolved_at: iso(r.resolved_at) }));
    const last = items[items.length - 1];
    return { items, next_cursor: items.length === qs.limit && last ? encodeCursor([last.id]) : null };
  });
};
