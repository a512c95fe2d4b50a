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
    `  r.last_seen_at as _last_seen_at, r.updated_at as _updated_at, r.version as _version, r.parent_key as _parent_key`,
    cols.length ? `, ${cols.join(',\n  ')}` : '',
    ` from records r where r.stream_id = ${Number(streamId)};`,
  ].join('\n');
}
