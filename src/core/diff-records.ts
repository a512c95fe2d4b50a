export type FieldChange =
  | { readonly op: 'added'; readonly old: null; readonly new: unknown }
  | { readonly op: 'removed'; readonly old: unknown; readonly new: null }
  | { readonly op: 'changed'; readonly old: unknown; readonly new: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Field-level diff of two JSON values. Paths use dots for object keys and `[i]` for array items
 * (`address.lines[2]`); a path that exists on one side only is `added` or `removed`.
 */
export function diffRecords(oldValue: unknown, newValue: unknown): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  walk(oldValue, newValue, '', out);
  return out;
}

function join(base: string, key: string): string {
  return base === '' ? key : `${base}.${key}`;
}

function walk(a: unknown, b: unknown, path: string, out: Record<string, FieldChange>): void {
  if (a === b) return;
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = join(path, k);
      const av = a[k];
      const bv = b[k];
      if (av === undefined && bv !== undefined) out[p] = { op: 'added', old: null, new: bv };
      else if (bv === undefined && av !== undefined) out[p] = { op: 'removed', old: av, new: null };
      else walk(av, bv, p, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out[p] = { op: 'added', old: null, new: b[i] };
      else if (i >= b.length) out[p] = { op: 'removed', old: a[i], new: null };
      else walk(a[i], b[i], p, out);
    }
    return;
  }
  if (a === null && b !== null) out[path] = { op: 'added', old: null, new: b };
  else if (b === null && a !== null) out[path] = { op: 'removed', old: a, new: null };
  else if (JSON.stringify(a) !== JSON.stringify(b)) out[path] = { op: 'changed', old: a ?? null, new: b ?? null };
}
