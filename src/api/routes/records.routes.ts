import { z } from 'zod';
import type { RouteModule } from '../api-deps.js';
import { decodeCursor, encodeCursor, iso, isoDate, limitParam, nullableIsoDate } from '../api-schemas.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportRecords } from '../../store/record-export.js';
import { buildRecordQuery } from '../../store/records-query.js';
import { findStream } from '../stream-lookup.js';
import { SluiceError } from '../../core/errors.js';
import { writeAudit } from '../../auth/audit-log.js';
import { actorOf } from '../access-control.js';

const recordItem = z.object({
  key: z.string(),
  status: z.enum(['active', 'removed']),
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  first_seen_at: isoDate,
  last_seen_at: isoDate,
  updated_at: isoDate,
  removed_at: nullableIsoDate,
});

const changeItem = z.object({
  id: z.number().int(),
  run_id: z.string().nullable(),
  stream: z.string(),
  key: z.string(),
  kind: z.string(),
  fields: z.record(z.string(), z.unknown()).nullable(),
  actor: z.string().nullable(),
  at: isoDate,
});

const queryString = z.object({
  where: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .describe('repeatable field:op:value; ops eq, ne, lt, lte, gt, gte, contains, starts, in (a|b), null, notnull'),
  q: z.string().max(200).optional().describe('full-text search over every field'),
  status: z.enum(['active', 'removed', 'all']).default('active'),
  sort: z.string().max(100).optional().describe('field or -field (descending); key, updated_at, first_seen_at, last_seen_at'),
});

interface RecordRow {
  key: string;
  status: 'active' | 'removed';
  version: number;
  data: Record<string, unknown>;
  first_seen_at: Date;
  last_seen_at: Date;
  updated_at: Date;
  removed_at: Date | null;
  sort_value: unknown;
}

function outRecord(r: RecordRow): z.infer<typeof recordItem> {
  return {
    key: r.key,
    status: r.status,
    version: Number(r.version),
    data: r.data,
    first_seen_at: iso(r.first_seen_at),
    last_seen_at: iso(r.last_seen_at),
    updated_at: iso(r.updated_at),
    removed_at: iso(r.removed_at),
  };
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const streamParam = z.object({ stream: z.string().min(1).max(200) });

export const recordRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['records'];

  f.get('/api/v1/streams/:stream/records', {
    config: { auth: 'data:read' },
    schema: {
      tags,
      summary: 'Current records: per-field filters, full-text search, sort, cursor pagination',
      params: streamParam,
      querystring: queryString.extend({
        limit: limitParam,
        cursor: z.string().max(4000).optional(),
        parent: z.string().max(1000).optional().describe('child streams: only the children of this parent record key'),
      }),
      response: { 200: z.object({ items: z.array(recordItem), next_cursor: z.string().nullable() }) },
    },
    // The hot read path: the typed handler already guarantees the documented shape (`outRecord`), so the page is
    // serialised straight to JSON instead of being re-validated item by item by the zod serializer.
    serializerCompiler: () => (data) => JSON.stringify(data),
  }, async (req) => {
    const s = await findStream(db, req.params.stream);
    const q = buildRecordQuery({
      streamId: s.id,
      fields: s.schema.fields,
      where: asList(req.query.where),
      q: req.query.q,
      parent: req.query.parent,
      status: req.query.status,
      sort: req.query.sort,
      after: decodeCursor(req.query.cursor, 2),
      limit: req.query.limit + 1,
    });
    const { rows } = await db.query<RecordRow>(q.text, q.params);
    const page = rows.slice(0, req.query.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(outRecord),
      next_cursor: rows.length > req.query.limit && last ? encodeCursor([last.sort_value, last.key]) : null,
    };
  });

  f.get('/api/v1/streams/:stream/export', {
    config: { auth: 'data:export' },
    schema: {
      tags,
      summary: 'Export every matching record, streamed (CSV, JSON or NDJSON; the same format as `sluice export`), however many there are',
      params: streamParam,
      querystring: queryString.extend({ format: z.enum(EXPORT_FORMATS).default('csv') }),
    },
  }, async (req, reply) => {
    const s = await findStream(db, req.params.stream);
    const query = { streamId: s.id, fields: s.schema.fields, where: asList(req.query.where), q: req.query.q, status: req.query.status, sort: req.query.sort };
    buildRecordQuery({ ...query, limit: 1 }); // reports filter problems as a 400 before the 200 header is sent
    await writeAudit(db, { actor: actorOf(req), action: 'records.export', target: s.name, requestId: req.id, ip: req.ip, details: { format: req.query.format } });
    const ctrl = new AbortController();
    req.raw.on('close', () => ctrl.abort());
    reply
      .header('content-type', EXPORT_CONTENT_TYPES[req.query.format])
      .header('content-disposition', `attachment; filename="${s.name.replace(/[^\w.-]+/g, '_')}.${req.query.format}"`);
    return reply.send(exportRecords(db, query, req.query.format, ctrl.signal));
  });

  f.get('/api/v1/streams/:stream/records/:key', {
    config: { auth: 'data:read' },
    schema: {
      tags,
      summary: 'One record with its change timeline',
      params: streamParam.extend({ key: z.string().min(1).max(2000) }),
      response: { 200: recordItem.extend({ changes: z.array(changeItem) }) },
    },
  }, async (req) => {
    const s = await findStream(db, req.params.stream);
    const { rows } = await db.query<RecordRow>(
      `select key, status, version, data, first_seen_at, last_seen_at, updated_at, removed_at, null as sort_value
       from records where stream_id = $1 and key = $2`,
      [s.id, req.params.key],
    );
    const r = rows[0];
    if (!r) throw new SluiceError('not_found', `no record "${req.params.key}" in stream "${s.name}"`);
    const { rows: changes } = await db.query<{ id: number; run_id: string | null; key: string; kind: string; fields: Record<string, unknown> | null; actor: string | null; at: Date }>(
      'select id, run_id, key, kind, fields, actor, at from changes where stream_id = $1 and key = $2 order by id',
      [s.id, req.params.key],
    );
    return { ...outRecord(r), changes: changes.map((c) => ({ ...c, id: Number(c.id), stream: s.name, at: iso(c.at) })) };
  });

  f.get('/api/v1/changes', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['changes'],
      summary: 'Changes feed, oldest first from the cursor; filter by stream, kind and time',
      querystring: z.object({
        stream: z.string().max(200).optional(),
        kind: z.enum(['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated']).optional(),
        since: z.iso.datetime({ offset: true }).optional(),
        until: z.iso.datetime({ offset: true }).optional(),
        cursor: z.coerce.number().int().min(0).optional().describe('the last change id seen (next_cursor)'),
        limit: limitParam,
      }),
      response: { 200: z.object({ items: z.array(changeItem), next_cursor: z.number().int().nullable() }) },
    },
  }, async (req) => {
    const qs = req.query;
    const streamId = qs.stream ? (await findStream(db, qs.stream)).id : null;
    const { rows } = await db.query<{ id: number; run_id: string | null; stream: string; key: string; kind: string; fields: Record<string, unknown> | null; actor: string | null; at: Date }>(
      `select c.id, c.run_id, s.name as stream, c.key, c.kind, c.fields, c.actor, c.at
       from changes c join streams s on s.id = c.stream_id
       where c.id > $1 and ($2::int is null or c.stream_id = $2) and ($3::text is null or c.kind = $3)
         and ($4::timestamptz is null or c.at >= $4) and ($5::timestamptz is null or c.at < $5)
       order by c.id limit $6`,
      [qs.cursor ?? 0, streamId, qs.kind ?? null, qs.since ?? null, qs.until ?? null, qs.limit],
    );
    const items = rows.map((c) => ({ ...c, id: Number(c.id), at: iso(c.at) }));
    const last = items[items.length - 1];
    return { items, next_cursor: last ? last.id : (qs.cursor ?? null) };
  });
};
