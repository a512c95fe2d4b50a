import { normaliseDate } from './normalise-date.js';
import { normaliseEmail, splitEmails } from './normalise-email.js';
import { normalisePhone, splitPhones } from './normalise-phone.js';
import type { FieldSpec, StreamSchema } from './stream-schema.js';

export interface NormaliseOptions {
  readonly defaultPhoneRegion: string;
  readonly timeZone: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly data: Record<string, unknown> }
  | { readonly ok: false; readonly reasons: string[] };

const TRUE = new Set(['true', '1', 'yes', 'y', 't', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'f', 'off']);

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

// A module-level function, not a closure per call: coerce runs for every field of every row.
function badValue(field: FieldSpec, v: unknown, what: string): { reason: string } {
  return { reason: `${field.name}: ${what} (got ${JSON.stringify(v).slice(0, 80)})` };
}

/** Coerces one value to its field type and normalises it; returns a reason string when it cannot. */
function coerce(field: FieldSpec, v: unknown, opts: NormaliseOptions): { value: unknown } | { reason: string } {
  switch (field.type) {
    case 'string':
      return { value: typeof v === 'object' ? JSON.stringify(v) : String(v).trim() };
    case 'text':
      return { value: typeof v === 'object' ? JSON.stringify(v) : String(v).replace(/\s+$/, '') };
    case 'integer': {
      const n = typeof v === 'number' ? v : Number(String(v).trim().replace(/_/g, ''));
      return Number.isInteger(n) ? { value: n } : badValue(field, v, 'not an integer');
    }
    case 'number': {
      const n = typeof v === 'number' ? v : Number(String(v).trim());
      return Number.isFinite(n) ? { value: n } : badValue(field, v, 'not a number');
    }
    case 'boolean': {
      if (typeof v === 'boolean') return { value: v };
      const s = String(v).trim().toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return badValue(field, v, 'not a boolean');
    }
    case 'date':
    case 'datetime': {
      const d = normaliseDate(v, { kind: field.type, timeZone: opts.timeZone, ...(field.format ? { format: field.format } : {}) });
      if (d === null) return { value: null };
      return typeof d === 'string' ? { value: d } : badValue(field, v, `not a ${field.type}${field.format ? ` in ${field.format}` : ''}`);
    }
    case 'email': {
      const e = normaliseEmail(v);
      if (e === null) return { value: null };
      return typeof e === 'string' ? { value: e } : badValue(field, v, 'not an email address');
    }
    case 'phone': {
      // Phone numbers are normalised where possible; free text that is not a number is kept as written.
      const p = normalisePhone(v, opts.defaultPhoneRegion);
      if (p === null) return { value: null };
      return { value: typeof p === 'string' ? p : String(v).trim() };
    }
    case 'url':
      return { value: String(v).trim() };
    case 'json': {
      // Text from a file (a CSV cell) holding JSON is parsed, so nested data is stored as data, not as a string.
      if (typeof v !== 'string') return { value: v };
      const t = v.trim();
      if (!/^[[{"]/.test(t)) return { value: v };
      try {
        return { value: JSON.parse(t) as unknown };
      } catch (err) {
        return badValue(field, v, `not valid JSON (${(err as Error).message})`);
      }
    }
    case 'string[]': {
      const arr = Array.isArray(v) ? v : String(v).split(/[,;]/);
      return { value: arr.map((x) => String(x).trim()).filter((x) => x !== '') };
    }
    case 'email[]': {
      const { emails, invalid } = splitEmails(v);
      return invalid.length > 0 && emails.length === 0 ? badValue(field, v, 'no valid email address') : { value: emails };
    }
    case 'phone[]':
      return { value: splitPhones(v, opts.defaultPhoneRegion).phones };
  }
}

/**
 * Validates and normalises a raw record against a stream schema. Only declared fields are kept; every problem in
 * the record is reported, not just the first.
 */
export function validateRecord(schema: StreamSchema, raw: Record<string, unknown>, opts: NormaliseOptions): ValidationResult {
  const data: Record<string, unknown> = {};
  const reasons: string[] = [];
  for (const field of schema.fields) {
    const v = raw[field.from ?? field.name];
    if (isEmpty(v)) {
      if (field.required) reasons.push(`${field.name}: required`);
      data[field.name] = null;
      continue;
    }
    const r = coerce(field, v, opts);
    if ('reason' in r) {
      reasons.push(r.reason);
      continue;
    }
    if (field.enum && r.value !== null && !field.enum.includes(String(r.value))) {
      reasons.push(`${field.name}: "${String(r.value)}" is not one of ${field.enum.join(', ')}`);
      continue;
    }
    if (field.required && (r.value === null || (Array.isArray(r.value) && r.value.length === 0))) {
      reasons.push(`${field.name}: required`);
      continue;
    }
    data[field.name] = r.value;
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, data };
}

/** The record key: primary-key values joined by `|`; null when any part is missing. */
export function recordKey(data: Record<string, unknown>, primaryKey: readonly string[]): string | null {
  const parts: string[] = [];
  for (const k of primaryKey) {
    const v = data[k];
    if (isEmpty(v)) return null;
    parts.push(typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return parts.join('|');
}
