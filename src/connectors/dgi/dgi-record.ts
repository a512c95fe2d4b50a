import type { DgiChildDef, DgiField } from './dgi-module.js';
import { parseDgiDate, parseDgiDateTime, parseDgiDecimal } from './dgi-time.js';

export interface DgiShape {
  readonly fields: readonly DgiField[];
  readonly children: readonly { readonly def: DgiChildDef; readonly fields: readonly DgiField[] }[];
}

export type ConvertResult =
  | { readonly ok: true; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly reasons: string[] };

function convertValue(field: DgiField, value: unknown, timeZone: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (field.kind) {
    case 'date':
      return parseDgiDate(value);
    case 'datetime':
      return parseDgiDateTime(value, timeZone);
    case 'decimal':
      return parseDgiDecimal(value);
    case 'integer':
    case 'number': {
      const r = parseDgiDecimal(value);
      if (r.ok && field.kind === 'integer' && r.value !== null && !Number.isInteger(r.value)) {
        return { ok: false, reason: `"${String(value)}" is not a whole number` };
      }
      return r;
    }
    case 'string':
      // Spec examples pad ids ("BA082 ", " JB22E1572318"): trimmed so keys and joins match across endpoints.
      if (value === null || value === undefined) return { ok: true, value: null };
      if (typeof value === 'string') return { ok: true, value: value.trim() };
      if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
      return { ok: false, reason: `expected text, got ${Array.isArray(value) ? 'an array' : typeof value}` };
  }
}

function convertObject(
  raw: Record<string, unknown>,
  fields: readonly DgiField[],
  timeZone: string,
  where: string,
  reasons: string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set(fields.map((f) => f.name));
  for (const field of fields) {
    const r = convertValue(field, raw[field.name], timeZone);
    if (!r.ok) reasons.push(`${where}${field.name}: ${r.reason}`);
    else out[field.name] = r.value;
  }
  // Fields an MD adds beyond the spec are kept as sent: nothing the upstream says is dropped.
  for (const [k, v] of Object.entries(raw)) {
    if (!known.has(k) && !(k in out)) out[k] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}

/**
 * One API record → a Sluice record: dates read in the dealer's zone and written as ISO 8601, decimals with commas as
 * numbers, ids trimmed, `dealerId` filled from the connection when an MD leaves it out, nested arrays converted item by
 * item (the pipeline stores them as child streams).
 */
export function convertDgiRecord(raw: unknown, shape: DgiShape, timeZone: string, dealerId: string): ConvertResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, reasons: ['the record is not a JSON object'] };
  }
  const source = raw as Record<string, unknown>;
  const reasons: string[] = [];
  const data = convertObject(source, shape.fields, timeZone, '', reasons);
  if (data.dealerId === null || data.dealerId === undefined || data.dealerId === '') data.dealerId = dealerId;
  for (const { def, fields } of shape.children) {
    const items = source[def.path];
    if (items === undefined || items === null) {
      data[def.path] = [];
      continue;
    }
    if (!Array.isArray(items)) {
      reasons.push(`${def.path}: expected an array`);
      continue;
    }
    data[def.path] = items.map((item: unknown, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        reasons.push(`${def.path}[${i}]: not a JSON object`);
        return item;
      }
      const child = convertObject(item as Record<string, unknown>, fields, timeZone, `${def.path}[${i}].`, reasons);
      if (child.dealerId === null || child.dealerId === undefined || child.dealerId === '') child.dealerId = data.dealerId;
      return child;
    });
  }
  for (const f of shape.fields) {
    if (f.required && (data[f.name] === null || data[f.name] === undefined || data[f.name] === '')) {
      reasons.push(`${f.name}: required`);
    }
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, data };
}

/** The child's key within its parent: business fields, plus the position where they may repeat or are blank. */
export function dgiChildKey(def: DgiChildDef, item: Record<string, unknown>, index: number): string {
  const parts = def.keyFields.map((f) => {
    const v = item[f];
    return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  });
  const blank = parts.every((p) => p === '');
  return def.withIndex || blank ? [...parts, String(index)].join('|') : parts.join('|');
}
