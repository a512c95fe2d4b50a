import { richText } from './notion-sim-ids.js';
import { validationError } from './notion-sim-errors.js';
import { newOption, type SchemaProperty, type SelectOption } from './notion-sim-schema.js';

/** Notion's request-size limits (shared/upstreams/notion.md, "Limits"). */
export const NOTION_LIMITS = { text: 2000, richTextItems: 100, url: 2000, emailPhone: 200, arrayItems: 100 } as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const tooLong = (path: string, max: number, actual: number) =>
  validationError(`body failed validation: ${path}.length should be ≤ \`${max}\`, instead was \`${actual}\`.`);

function richTextArray(path: string, raw: unknown): Record<string, unknown>[] {
  if (!Array.isArray(raw)) throw validationError(`body failed validation: ${path} should be an array, instead was \`${JSON.stringify(raw)}\`.`);
  if (raw.length > NOTION_LIMITS.richTextItems) throw tooLong(path, NOTION_LIMITS.richTextItems, raw.length);
  return raw.map((item, i) => {
    const text = isRecord(item) && isRecord(item.text) ? item.text : undefined;
    const content = text?.content;
    if (typeof content !== 'string') throw validationError(`body failed validation: ${path}[${i}].text.content should be defined, instead was \`undefined\`.`);
    if (content.length > NOTION_LIMITS.text) throw tooLong(`${path}[${i}].text.content`, NOTION_LIMITS.text, content.length);
    return richText(content);
  });
}

function nullableString(path: string, raw: unknown, max: number): string | null {
  if (raw === null) return null;
  if (typeof raw !== 'string') throw validationError(`body failed validation: ${path} should be a string or \`null\`, instead was \`${JSON.stringify(raw)}\`.`);
  if (raw.length > max) throw tooLong(path, max, raw.length);
  return raw;
}

function pickOption(path: string, prop: SchemaProperty, raw: unknown, create: boolean): SelectOption {
  if (!isRecord(raw)) throw validationError(`body failed validation: ${path} should be an object or \`null\`.`);
  const options = (prop.config.options as SelectOption[] | undefined) ?? [];
  if (typeof raw.id === 'string') {
    const o = options.find((x) => x.id === raw.id);
    if (!o) throw validationError(`Invalid select option id: ${raw.id}`);
    return o;
  }
  const name = raw.name;
  if (typeof name !== 'string' || name.length === 0) throw validationError(`body failed validation: ${path}.name should be defined.`);
  if (name.includes(',')) throw validationError(`Invalid select option, commas not allowed: ${name}`);
  if (name.length > 100) throw tooLong(`${path}.name`, 100, name.length);
  const found = options.find((x) => x.name === name);
  if (found) return found;
  if (!create) throw validationError(`Invalid status option. Status option "${name}" does not exist".`);
  // New select names are created on the fly, as Notion does.
  const o = newOption(name, options.length);
  prop.config.options = [...options, o];
  return o;
}

export interface ValueContext {
  pageExists(id: string): boolean;
}

/** Validates one property value of a page request and returns the value in Notion's response form. */
export function toStoredValue(name: string, prop: SchemaProperty, rawValue: unknown, ctx: ValueContext): unknown {
  const path = `body.properties.${name}`;
  // Text properties also accept the bare rich-text array (`{"title": [...]}` in a page's properties).
  if (Array.isArray(rawValue) && (prop.type === 'title' || prop.type === 'rich_text')) return richTextArray(`${path}.${prop.type}`, rawValue);
  if (!isRecord(rawValue)) throw validationError(`body failed validation: ${path} should be an object.`);
  const t = prop.type;
  const declared = typeof rawValue.type === 'string' ? rawValue.type : Object.keys(rawValue).find((k) => k !== 'type' && k !== 'id');
  if (declared !== t || !(t in rawValue)) throw validationError(`${name} is expected to be ${t}.`);
  const raw = rawValue[t];
  const p = `${path}.${t}`;
  switch (t) {
    case 'title':
    case 'rich_text':
      return richTextArray(p, raw);
    case 'number':
      if (raw !== null && (typeof raw !== 'number' || !Number.isFinite(raw))) {
        throw validationError(`body failed validation: ${p} should be a number or \`null\`, instead was \`${JSON.stringify(raw)}\`.`);
      }
      return raw;
    case 'checkbox':
      if (typeof raw !== 'boolean') throw validationError(`body failed validation: ${p} should be a boolean, instead was \`${JSON.stringify(raw)}\`.`);
      return raw;
    case 'url':
      return nullableString(p, raw, NOTION_LIMITS.url);
    case 'email':
    case 'phone_number':
      return nullableString(p, raw, NOTION_LIMITS.emailPhone);
    case 'select':
    case 'status':
      return raw === null ? null : pickOption(p, prop, raw, t === 'select');
    case 'multi_select': {
      if (!Array.isArray(raw)) throw validationError(`body failed validation: ${p} should be an array.`);
      if (raw.length > NOTION_LIMITS.arrayItems) throw tooLong(p, NOTION_LIMITS.arrayItems, raw.length);
      return raw.map((o, i) => pickOption(`${p}[${i}]`, prop, o, true));
    }
    case 'date': {
      if (raw === null) return null;
      if (!isRecord(raw) || typeof raw.start !== 'string' || !ISO_DATE.test(raw.start) || Number.isNaN(Date.parse(raw.start))) {
        throw validationError(`body failed validation: ${p}.start should be a valid ISO 8601 date string, instead was \`${JSON.stringify(isRecord(raw) ? raw.start : raw)}\`.`);
      }
      const end = typeof raw.end === 'string' ? raw.end : null;
      if (end !== null && (!ISO_DATE.test(end) || Number.isNaN(Date.parse(end)))) {
        throw validationError(`body failed validation: ${p}.end should be a valid ISO 8601 date string, instead was \`"${end}"\`.`);
      }
      return { start: raw.start, end, time_zone: typeof raw.time_zone === 'string' ? raw.time_zone : null };
    }
    case 'relation': {
      if (!Array.isArray(raw)) throw validationError(`body failed validation: ${p} should be an array.`);
      if (raw.length > NOTION_LIMITS.arrayItems) throw tooLong(p, NOTION_LIMITS.arrayItems, raw.length);
      return raw.map((r, i) => {
        const id = isRecord(r) && typeof r.id === 'string' ? r.id : undefined;
        if (!id) throw validationError(`body failed validation: ${p}[${i}].id should be defined.`);
        if (!ctx.pageExists(id)) throw validationError(`Relation page ${id} could not be found.`);
        return { id };
      });
    }
    default:
      throw validationError(`${name} is a read-only property and cannot be set.`);
  }
}

/** A fresh page's value for a property the request did not set. */
export function emptyValue(prop: SchemaProperty): unknown {
  switch (prop.type) {
    case 'title':
    case 'rich_text':
    case 'multi_select':
    case 'relation':
    case 'people':
      return [];
    case 'checkbox':
      return false;
    default:
      return null;
  }
}

/** Plain text of a stored value, for filters and for the tests' assertions. */
export function plainOf(value: unknown): string {
  if (Array.isArray(value)) {
    return value.map((v) => (isRecord(v) ? String(v.plain_text ?? v.name ?? v.id ?? '') : String(v))).join('');
  }
  if (isRecord(value)) return String(value.name ?? value.start ?? '');
  return value === null || value === undefined ? '' : String(value);
}
