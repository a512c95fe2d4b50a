import { validationError } from './notion-sim-errors.js';
import { plainOf } from './notion-sim-values.js';
import type { SchemaProperty } from './notion-sim-schema.js';

/** What a filter needs to see of a page. */
export interface FilterablePage {
  /** Values keyed by property id, so a rename never loses them. */
  readonly properties: Map<string, unknown>;
  readonly created_time: string;
  readonly last_edited_time: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compareText(value: string, cond: Record<string, unknown>): boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  const s = typeof arg === 'string' ? arg : '';
  switch (op) {
    case 'equals': return value === s;
    case 'does_not_equal': return value !== s;
    case 'contains': return value.includes(s);
    case 'does_not_contain': return !value.includes(s);
    case 'starts_with': return value.startsWith(s);
    case 'ends_with': return value.endsWith(s);
    case 'is_empty': return value === '';
    case 'is_not_empty': return value !== '';
    default: throw validationError(`body failed validation: filter operator \`${String(op)}\` is not supported for text.`);
  }
}

function compareNumber(value: number | null, cond: Record<string, unknown>): boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  const n = typeof arg === 'number' ? arg : Number.NaN;
  if (op === 'is_empty') return value === null;
  if (op === 'is_not_empty') return value !== null;
  if (value === null) return false;
  switch (op) {
    case 'equals': return value === n;
    case 'does_not_equal': return value !== n;
    case 'greater_than': return value > n;
    case 'less_than': return value < n;
    case 'greater_than_or_equal_to': return value >= n;
    case 'less_than_or_equal_to': return value <= n;
    default: throw validationError(`body failed validation: filter operator \`${String(op)}\` is not supported for number.`);
  }
}

function compareDate(value: string | null, cond: Record<string, unknown>): boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  if (op === 'is_empty') return value === null;
  if (op === 'is_not_empty') return value !== null;
  if (value === null || typeof arg !== 'string') return false;
  const v = Date.parse(value);
  const a = Date.parse(arg);
  if (Number.isNaN(a)) throw validationError(`body failed validation: filter date \`${arg}\` should be a valid ISO 8601 date string.`);
  switch (op) {
    case 'equals': return v === a;
    case 'before': return v < a;
    case 'after': return v > a;
    case 'on_or_before': return v <= a;
    case 'on_or_after': return v >= a;
    default: throw validationError(`body failed validation: filter operator \`${String(op)}\` is not supported for date.`);
  }
}

/** Evaluates a data source query filter (property, timestamp, and/or compounds) against one page. */
export function matchesFilter(page: FilterablePage, filter: unknown, schema: Map<string, SchemaProperty>): boolean {
  if (filter === undefined || filter === null) return true;
  if (!isRecord(filter)) throw validationError('body failed validation: body.filter should be an object.');
  if (Array.isArray(filter.and)) return filter.and.every((f) => matchesFilter(page, f, schema));
  if (Array.isArray(filter.or)) return filter.or.some((f) => matchesFilter(page, f, schema));
  if (filter.timestamp === 'last_edited_time' || filter.timestamp === 'created_time') {
    const cond = filter[filter.timestamp];
    if (!isRecord(cond)) throw validationError(`body failed validation: body.filter.${filter.timestamp} should be defined.`);
    return compareDate(page[filter.timestamp], cond);
  }
  if (typeof filter.property !== 'string') throw validationError('body failed validation: body.filter.property should be defined.');
  const prop = schema.get(filter.property) ?? [...schema.values()].find((p) => p.id === filter.property);
  if (!prop) throw validationError(`Could not find property with name or id: ${filter.property}`);
  const value = page.properties.get(prop.id);
  const key = Object.keys(filter).find((k) => k !== 'property' && k !== 'type');
  const cond = key ? filter[key] : undefined;
  if (!key || !isRecord(cond)) throw validationError(`body failed validation: body.filter.${prop.type} should be defined.`);
  switch (prop.type) {
    case 'number': return compareNumber(typeof value === 'number' ? value : null, cond);
    case 'checkbox': return value === cond.equals || (cond.does_not_equal !== undefined && value !== cond.does_not_equal);
    case 'date': return compareDate(isRecord(value) && typeof value.start === 'string' ? value.start : null, cond);
    case 'multi_select':
    case 'relation': {
      const items = Array.isArray(value) ? value.map((v) => plainOf([v])) : [];
      if ('contains' in cond) return items.includes(String(cond.contains));
      if ('does_not_contain' in cond) return !items.includes(String(cond.does_not_contain));
      return compareText(items.length ? 'x' : '', cond);
    }
    default: return compareText(plainOf(value), cond);
  }
}
