import { createHash } from 'node:crypto';
import type { AppContext } from '../main/app-context.js';
import { fieldLiteral } from '../store/record-filters.js';
import type { PartChange } from './apply-pack-parts.js';
import type { PackSpec } from './pack-spec.js';
import { recordResource } from './pack-state.js';

/**
 * Creates the expression indexes a pack declares (`indexes`: a stream and the fields its pages filter and sort on),
 * one partial index per stream over `records` — the same `(data->>'field')` expressions the records filters and
 * aggregates use, so the planner picks them. A stream that has not synced yet has no rows and no id: its indexes are
 * made by the next install or pack run. Idempotent (`if not exists`, named after stream and fields).
 */
export async function ensurePackIndexes(app: AppContext, spec: PackSpec): Promise<PartChange[]> {
  if (spec.indexes.length === 0) return [];
  const { rows } = await app.db.query<{ id: number; name: string }>('select id, name from streams where name = any($1::text[])', [[...new Set(spec.indexes.map((i) => i.stream))]]);
  const ids = new Map(rows.map((r) => [r.name, r.id]));
  const out: PartChange[] = [];
  const done = new Set<string>();
  for (const ix of spec.indexes) {
    const id = ids.get(ix.stream);
    const part = `${ix.stream}(${ix.fields.join(', ')})`;
    if (id === undefined) continue;
    const name = `records_ix_${id}_${createHash('sha256').update(ix.fields.join('\u0000')).digest('hex').slice(0, 12)}`;
    if (done.has(name)) continue;
    done.add(name);
    const { rows: found } = await app.db.query<{ n: string }>('select count(*) as n from pg_indexes where indexname = $1', [name]);
    if (Number(found[0]?.n ?? 0) === 0) {
      const cols = ix.fields.map((f) => `(data->>${fieldLiteral(f)})`).join(', ');
      await app.db.exec(`create index if not exists ${name} on records (${cols}) where stream_id = ${Number(id)}`);
      out.push({ kind: 'index', part, name, action: 'created' });
    } else out.push({ kind: 'index', part, name, action: 'unchanged' });
    await recordResource(app.db, spec.id, { instance: '', kind: 'index', part, name });
  }
  return out;
}
