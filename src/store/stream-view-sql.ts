import { sqlIdent, type FieldSpec, type StreamSchema } from '../core/stream-schema.js';

const CAST: Record<FieldSpec['type'], string> = {
  string: 'text',
  text: 'text',
  email: 'text',
  phone: 'text',
  url: 'text',
  integer: 'bigint',
  number: 'numeric',
  boolean: 'boolean',
  date: 'date',
  datetime: 'timestamptz',
  json: 'jsonb',
  'string[]': 'jsonb',
  'email[]': 'jsonb',
  'phone[]': 'jsonb',
};

/**
 * When a record was last seen. Unchanged records are not rewritten on reload, so an active record with no pending
 * miss was, by construction, seen by its stream's last complete run. Needs `records r` and `stream_state ss` joined.
 */
export const LAST_SEEN_SQL =
  "case when r.status = 'active' and r.missed_runs = 0 and ss.last_complete_run_at > r.last_seen_at then ss.last_complete_run_at else r.last_seen_at end";

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL for a stream's typed view: one column per schema field plus the record's bookkeeping columns. */
export function streamViewSql(viewName: string, streamId: number, schema: StreamSchema): string {
  const used = new Set(['_key', '_status', '_first_seen_at', '_last_seen_at', '_updated_at', '_version', '_parent_key']);
  const cols = schema.fields.map((f) => {
    let col = sqlIdent(f.name);
    while (used.has(col)) col = `${col}_`;
    used.add(col);
    const cast = CAST[f.type];
    const expr = cast === 'jsonb' ? `r.data -> ${literal(f.name)}` : `(r.data ->> ${literal(f.name)})::${cast}`;
    return `${expr} as "${col}"`;
  });
  return [
    `drop view if exists data."${viewName}";`,
    `create view data."${viewName}" as select r.key as _key, r.status as _status, r.first_seen_at as _first_seen_at,`,
    `  ${LAST_SEEN_SQL} as _last_seen_at, r.updated_at as _updated_at, r.version as _version, r.parent_key as _parent_key`,
    cols.length ? `, ${cols.join(',\n  ')}` : '',
    ` from records r left join stream_state ss on ss.stream_id = r.stream_id and ss.connection_id = r.connection_id`,
    ` where r.stream_id = ${Number(streamId)};`,
  ].join('\n');
}
