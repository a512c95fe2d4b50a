import type { MappedProperty, NotionMapping } from './notion-mapping.js';
import { splitCommaList } from '../../core/comma-list.js';

/** Notion's request limits (shared/upstreams/notion.md): values beyond them are cut or split, never sent. */
export const LIMITS = { text: 2000, richTextItems: 100, url: 2000, emailPhone: 200, items: 100, optionName: 100 } as const;

export interface Cut {
  readonly property: string;
  readonly reason: string;
}

export interface BuiltProperties {
  /** Property name → request value. */
  readonly values: Record<string, unknown>;
  readonly cuts: readonly Cut[];
  /** Relation values whose target page is not known yet: the record is retried on the next push. */
  readonly unresolved: boolean;
}

function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(asText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Long text is split into 2,000-character pieces (up to 100 of them); beyond that it is cut. */
function richTextValue(text: string, name: string, cuts: Cut[]): { text: { content: string } }[] {
  if (text === '') return [];
  const pieces: { text: { content: string } }[] = [];
  for (let i = 0; i < text.length && pieces.length < LIMITS.richTextItems; i += LIMITS.text) {
    pieces.push({ text: { content: text.slice(i, i + LIMITS.text) } });
  }
  if (text.length > LIMITS.text) {
    const kept = Math.min(text.length, LIMITS.text * LIMITS.richTextItems);
    cuts.push({ property: name, reason: kept < text.length ? `text of ${text.length} chars cut to ${kept}` : `text of ${text.length} chars split into ${pieces.length} pieces` });
  }
  return pieces;
}

const optionName = (s: string) => s.replace(/,/g, ';').slice(0, LIMITS.optionName);

function listOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(asText).filter(Boolean);
  if (typeof v === 'string') return splitCommaList(v);
  return v === null || v === undefined ? [] : [asText(v)];
}

function limited<T>(items: T[], name: string, cuts: Cut[]): T[] {
  if (items.length <= LIMITS.items) return items;
  cuts.push({ property: name, reason: `${items.length} items cut to ${LIMITS.items}` });
  return items.slice(0, LIMITS.items);
}

function boundedString(v: unknown, max: number, name: string, cuts: Cut[]): string | null {
  const s = asText(v).trim();
  if (s === '') return null;
  if (s.length <= max) return s;
  // A cut URL, email or phone would be wrong rather than short: it is left empty instead.
  cuts.push({ property: name, reason: `value of ${s.length} chars exceeds ${max}; left empty` });
  return null;
}

function valueFor(p: MappedProperty, raw: unknown, cuts: Cut[], relationIds: (key: string) => string | undefined): { value: unknown; unresolved: boolean } {
  switch (p.type) {
    case 'title':
      return { value: { title: richTextValue(asText(raw), p.name, cuts) }, unresolved: false };
    case 'rich_text':
      return { value: { rich_text: richTextValue(asText(raw), p.name, cuts) }, unresolved: false };
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      return { value: { number: Number.isFinite(n) ? n : null }, unresolved: false };
    }
    case 'checkbox':
      return { value: { checkbox: raw === true || raw === 'true' || raw === 1 }, unresolved: false };
    case 'select':
    case 'status': {
      const s = asText(raw).trim();
      return { value: { [p.type]: s === '' ? null : { name: optionName(s) } }, unresolved: false };
    }
    case 'multi_select': {
      const names = [...new Set(listOf(raw).map(optionName))];
      return { value: { multi_select: limited(names, p.name, cuts).map((name) => ({ name })) }, unresolved: false };
    }
    case 'date': {
      const s = asText(raw).trim();
      return { value: { date: s === '' ? null : { start: s } }, unresolved: false };
    }
    case 'url':
      return { value: { url: boundedString(raw, LIMITS.url, p.name, cuts) }, unresolved: false };
    case 'email':
      return { value: { email: boundedString(raw, LIMITS.emailPhone, p.name, cuts) }, unresolved: false };
    case 'phone_number':
      return { value: { phone_number: boundedString(raw, LIMITS.emailPhone, p.name, cuts) }, unresolved: false };
    case 'relation': {
      const keys = listOf(raw);
      const ids = keys.map(relationIds);
      const known = [...new Set(ids.filter((x): x is string => x !== undefined))];
      return { value: { relation: limited(known, p.name, cuts).map((id) => ({ id })) }, unresolved: known.length < new Set(keys).size };
    }
  }
}

/** "{latitude}, {longitude}" → "48.85, 2.35"; empty when every referenced field is empty. */
export function fillTemplate(template: string, data: Record<string, unknown>): string {
  let any = false;
  const out = template.replace(/\{([^{}]+)\}/g, (_m, name: string) => {
    const t = asText(data[name.trim()]);
    if (t !== '') any = true;
    return t;
  });
  return any ? out : '';
}

/** Builds every mapped property value of one record. */
export function buildProperties(
  mapping: NotionMapping,
  key: string,
  data: Record<string, unknown>,
  relationIds: (property: string, key: string) => string | undefined,
): BuiltProperties {
  const values: Record<string, unknown> = {};
  const cuts: Cut[] = [];
  let unresolved = false;
  for (const p of mapping.properties) {
    if (p.field === undefined && !p.isKey && p.type !== 'title') continue; // people-only properties
    const raw = p.template !== undefined ? fillTemplate(p.template, data)
      : p.field === undefined ? key
      : p.isKey && data[p.field] === undefined ? key : data[p.field];
    const v = valueFor(p, raw, cuts, (k) => relationIds(p.name, k));
    values[p.name] = v.value;
    unresolved ||= v.unresolved;
  }
  return { values, cuts, unresolved };
}

/** Plain value of a property in a Notion page response, as stored in annotations and compared on pull. */
/** The plain value of a property value as Sluice builds it (`{ select: { name } }`, no `type`). */
export function plainBuiltValue(built: unknown): unknown {
  if (typeof built !== 'object' || built === null) return null;
  const [type] = Object.keys(built);
  return type === undefined ? null : plainPropertyValue({ type, ...built });
}

export function plainPropertyValue(prop: unknown): unknown {
  if (typeof prop !== 'object' || prop === null) return null;
  const p = prop as Record<string, unknown>;
  const type = typeof p.type === 'string' ? p.type : '';
  const v = p[type];
  switch (type) {
    case 'title':
    case 'rich_text':
      return Array.isArray(v) ? v.map((t) => String((t as { plain_text?: unknown }).plain_text ?? '')).join('') : '';
    case 'select':
    case 'status':
      return v && typeof v === 'object' ? String((v as { name?: unknown }).name ?? '') : null;
    case 'multi_select':
      return Array.isArray(v) ? v.map((o) => String((o as { name?: unknown }).name ?? '')) : [];
    case 'date':
      return v && typeof v === 'object' ? String((v as { start?: unknown }).start ?? '') : null;
    case 'relation':
    case 'people':
      return Array.isArray(v) ? v.map((o) => String((o as { id?: unknown }).id ?? '')) : [];
    default:
      return v ?? null;
  }
}
