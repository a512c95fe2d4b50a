import type { FieldChange } from './diff-records.js';
import type { StreamSchema } from './stream-schema.js';

/**
 * Volatile fields (DESIGN §9): stored and queryable, never diffed. A check-in timestamp that moves on every sync is
 * not a change: it is left out of the content hash and of field diffs, so it makes no change row, no outbox event
 * and no destination write on its own, while the stored record still carries its latest value.
 */
export type VolatileFields = ReadonlySet<string>;

export const NO_VOLATILE_FIELDS: VolatileFields = new Set();

/** The stream's volatile top-level fields: those its schema marks, plus any a connection's settings add. */
export function volatileFieldsOf(schema: StreamSchema, extra: readonly string[] = []): VolatileFields {
  const out = new Set(schema.fields.filter((f) => f.volatile === true).map((f) => f.name));
  for (const e of extra) out.add(e);
  return out;
}

/** The record without its volatile fields: what the content hash is taken over. */
export function stableContent(data: Record<string, unknown>, volatile: VolatileFields): Record<string, unknown> {
  if (volatile.size === 0) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!volatile.has(k)) out[k] = v;
  return out;
}

/** A field diff without the paths under volatile fields (`lastContact`, `lastContact.x`, `lastContact[0]`). */
export function dropVolatilePaths(fields: Record<string, FieldChange>, volatile: VolatileFields): Record<string, FieldChange> {
  if (volatile.size === 0) return fields;
  const out: Record<string, FieldChange> = {};
  for (const [path, change] of Object.entries(fields)) {
    const top = /^[^.[]+/.exec(path)?.[0] ?? path;
    if (!volatile.has(top)) out[path] = change;
  }
  return out;
}

/**
 * `volatile_fields` setting: `stream.field` items separated by commas (`ninjaone_alerts.updateTime`); a bare `field`
 * applies to every stream of the connection.
 */
export function parseVolatileSetting(value: string, stream: string): string[] {
  const out: string[] = [];
  for (const item of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const dot = item.indexOf('.');
    if (dot < 0) out.push(item);
    else if (item.slice(0, dot) === stream) out.push(item.slice(dot + 1));
  }
  return out;
}
