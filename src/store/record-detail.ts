import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from './database.js';
import { LAST_SEEN_SQL } from './stream-view-sql.js';

/** One record with everything known about it: `sluice record <stream> <key>`. */
export interface RecordDetail {
  readonly stream: string;
  readonly key: string;
  readonly status: string;
  readonly version: number;
  readonly data: Record<string, unknown>;
  readonly first_seen_at: string;
  /** Last seen in a complete run. */
  readonly last_seen_at: string;
  readonly updated_at: string;
  readonly removed_at: string | null;
  /** People's edits pulled back from destinations: destination → property → { value, by, at }. */
  readonly annotations: Record<string, unknown>;
  /** Child records by child stream (DGI units, parts, …). */
  readonly children: Record<string, { key: string; status: string; data: Record<string, unknown> }[]>;
  /** The entities the record belongs to (its company, its master agent) with their members. */
  readonly entities: { type: string; id: string; name: string; member_count: number; confidence: number; needs_review: boolean; members: { source: string; key: string; name: string }[] }[];
  /** The change timeline, oldest first. */
  readonly changes: { id: number; kind: string; fields: unknown; actor: string | null; run_id: string | null; at: string }[];
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export async function loadRecordDetail(db: SqlExecutor, streamName: string, key: string): Promise<RecordDetail> {
  const { rows: streams } = await db.query<{ id: number; name: string }>('select id, name from streams where name = $1', [streamName]);
  const s = streams[0];
  if (!s) throw new SluiceError('stream_unknown', `no stream "${streamName}"`);
  const { rows } = await db.query<{
    key: string; status: string; version: number; data: Record<string, unknown>; first_seen_at: Date; last_seen_at: Date;
    updated_at: Date; removed_at: Date | null; annotations: Record<string, unknown> | null;
  }>(
    `select r.key, r.status, r.version, r.data, r.first_seen_at, ${LAST_SEEN_SQL} as last_seen_at, r.updated_at, r.removed_at, r.annotations
       from records r left join stream_state ss on ss.stream_id = r.stream_id and ss.connection_id = r.connection_id
      where r.stream_id = $1 and r.key = $2`,
    [s.id, key],
  );
  const r = rows[0];
  if (!r) throw new SluiceError('not_found', `no record "${key}" in stream "${streamName}"`);
  const { rows: kids } = await db.query<{ stream: string; key: string; status: string; data: Record<string, unknown> }>(
    `select c.name as stream, r.key, r.status, r.data from streams c join records r on r.stream_id = c.id
      where c.parent_stream = $1 and r.parent_key = $2 order by c.name, r.key`,
    [s.name, key],
  );
  const children: RecordDetail['children'] = {};
  for (const k of kids) (children[k.stream] ??= []).push({ key: k.key, status: k.status, data: k.data });
  const { rows: ents } = await db.query<{ type: string; id: string; name: string; member_count: number; confidence: number; needs_review: boolean }>(
    `select e.entity_type as type, e.id::text as id, e.name, e.member_count, e.confidence, e.needs_review
       from resolution_records rr join entities e on e.id = rr.entity_id
      where rr.source_key = $2 and (rr.source = $1 or rr.source like $1 || ':%') order by e.entity_type`,
    [s.name, key],
  );
  const entities: RecordDetail['entities'] = [];
  for (const e of ents) {
    const { rows: members } = await db.query<{ source: string; key: string; name: string }>(
      `select source, source_key as key, name from resolution_records where entity_type = $1 and entity_id = $2::uuid order by source, source_key`,
      [e.type, e.id],
    );
    entities.push({ ...e, members });
  }
  const { rows: changes } = await db.query<{ id: string; kind: string; fields: unknown; actor: string | null; run_id: string | null; at: Date }>(
    'select id::text as id, kind, fields, actor, run_id::text as run_id, at from changes where stream_id = $1 and key = $2 order by id',
    [s.id, key],
  );
  return {
    stream: s.name, key: r.key, status: r.status, version: r.version, data: r.data,
    first_seen_at: iso(r.first_seen_at) as string, last_seen_at: iso(r.last_seen_at) as string, updated_at: iso(r.updated_at) as string,
    removed_at: iso(r.removed_at), annotations: r.annotations ?? {}, children, entities,
    changes: changes.map((c) => ({ id: Number(c.id), kind: c.kind, fields: c.fields, actor: c.actor, run_id: c.run_id, at: iso(c.at) as string })),
  };
}
