import { newId, newPropertyId } from './notion-sim-ids.js';
import { validationError } from './notion-sim-errors.js';

export const PROPERTY_TYPES = [
  'title', 'rich_text', 'number', 'select', 'multi_select', 'status', 'date', 'checkbox', 'url', 'email',
  'phone_number', 'relation', 'people', 'created_time', 'last_edited_time',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: null;
}

export interface SchemaProperty {
  id: string;
  name: string;
  type: PropertyType;
  /** The type's config as Notion returns it (`{}`, `{format}`, `{options}`, relation targets). */
  config: Record<string, unknown>;
}

const COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'];

export function newOption(name: string, index: number, color?: string): SelectOption {
  return { id: newId().slice(0, 8), name, color: color ?? COLORS[index % COLORS.length] ?? 'default', description: null };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The type named by a schema request: either `{type, [type]: cfg}` or just `{[type]: cfg}`. */
function requestedType(name: string, spec: Record<string, unknown>): PropertyType | undefined {
  const declared = typeof spec.type === 'string' ? spec.type : undefined;
  const found = PROPERTY_TYPES.find((t) => t in spec);
  const t = declared ?? found;
  if (t === undefined) return undefined;
  if (!(PROPERTY_TYPES as readonly string[]).includes(t)) {
    throw validationError(`body failed validation: body.properties.${name}.type should be a supported property type, instead was \`"${t}"\`.`);
  }
  return t as PropertyType;
}

export interface SchemaResolver {
  /** Database id of a data source (relations report both ids). */
  databaseOfDataSource(dataSourceId: string): string | undefined;
}

function buildConfig(name: string, type: PropertyType, raw: unknown, resolver: SchemaResolver): Record<string, unknown> {
  const cfg = isRecord(raw) ? raw : {};
  switch (type) {
    case 'number':
      return { format: typeof cfg.format === 'string' ? cfg.format : 'number' };
    case 'select':
    case 'multi_select':
    case 'status': {
      const opts = Array.isArray(cfg.options) ? cfg.options : [];
      const names = opts.filter(isRecord).map((o) => ({ name: String(o.name ?? ''), color: typeof o.color === 'string' ? o.color : undefined }));
      if (type === 'status' && names.length === 0) names.push({ name: 'Not started', color: 'default' }, { name: 'In progress', color: 'blue' }, { name: 'Done', color: 'green' });
      for (const n of names) {
        if (n.name.includes(',')) throw validationError(`Invalid select option, commas not allowed: ${n.name}`);
      }
      return { options: names.map((n, i) => newOption(n.name, i, n.color)) };
    }
    case 'relation': {
      const ds = typeof cfg.data_source_id === 'string' ? cfg.data_source_id : undefined;
      const db = ds ? resolver.databaseOfDataSource(ds) : undefined;
      if (!ds || !db) {
        throw validationError(`body failed validation: body.properties.${name}.relation.data_source_id should be a valid data source id.`);
      }
      const dual = isRecord(cfg.dual_property);
      return dual
        ? { data_source_id: ds, database_id: db, type: 'dual_property', dual_property: {} }
        : { data_source_id: ds, database_id: db, type: 'single_property', single_property: {} };
    }
    default:
      return {};
  }
}

/**
 * Applies a schema request (create or PATCH /data_sources) to a property map. Keys are existing names or ids; a
 * `null` value removes, `{name}` renames, a type key adds or changes the type. Exactly one title property remains.
 */
export function applySchemaRequest(
  current: Map<string, SchemaProperty>,
  request: unknown,
  resolver: SchemaResolver,
  creating: boolean,
): Map<string, SchemaProperty> {
  if (request === undefined) return current;
  if (!isRecord(request)) throw validationError('body failed validation: body.properties should be an object.');
  const next = new Map(current);
  for (const [key, rawSpec] of Object.entries(request)) {
    const existing = next.get(key) ?? [...next.values()].find((p) => p.id === key);
    if (rawSpec === null) {
      if (!existing) throw validationError(`${key} is not a property that exists.`);
      if (existing.type === 'title') throw validationError('Cannot delete the title property.');
      next.delete(existing.name);
      continue;
    }
    if (!isRecord(rawSpec)) throw validationError(`body failed validation: body.properties.${key} should be an object or \`null\`.`);
    const type = requestedType(key, rawSpec);
    const newName = typeof rawSpec.name === 'string' && rawSpec.name.length > 0 ? rawSpec.name : undefined;
    if (existing) {
      const renamed = newName ?? existing.name;
      const updated: SchemaProperty = type && type !== existing.type
        ? { id: existing.type === 'title' ? 'title' : existing.id, name: renamed, type, config: buildConfig(key, type, rawSpec[type], resolver) }
        : { ...existing, name: renamed, config: type ? mergeOptions(existing, rawSpec[type]) : existing.config };
      next.delete(existing.name);
      next.set(renamed, updated);
      continue;
    }
    if (!type) throw validationError(`${key} is not a property that exists.`);
    const name = newName ?? key;
    next.set(name, { id: type === 'title' ? 'title' : newPropertyId(), name, type, config: buildConfig(name, type, rawSpec[type], resolver) });
  }
  const titles = [...next.values()].filter((p) => p.type === 'title');
  if (creating && titles.length === 0) {
    throw validationError('Title is not provided. A data source must have exactly one title property.');
  }
  if (titles.length > 1) throw validationError('A data source can have only one title property.');
  return next;
}

/** Option lists only grow through a PATCH that repeats the type: new names are appended, existing ones kept. */
function mergeOptions(existing: SchemaProperty, raw: unknown): Record<string, unknown> {
  if (!['select', 'multi_select', 'status'].includes(existing.type) || !isRecord(raw) || !Array.isArray(raw.options)) {
    return existing.config;
  }
  const have = (existing.config.options as SelectOption[] | undefined) ?? [];
  const out = [...have];
  for (const o of raw.options.filter(isRecord)) {
    const name = String(o.name ?? '');
    if (name.includes(',')) throw validationError(`Invalid select option, commas not allowed: ${name}`);
    if (!out.some((x) => x.name === name)) out.push(newOption(name, out.length, typeof o.color === 'string' ? o.color : undefined));
  }
  return { ...existing.config, options: out };
}

export function renderSchema(props: Map<string, SchemaProperty>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of props.values()) out[p.name] = { id: p.id, name: p.name, description: null, type: p.type, [p.type]: p.config };
  return out;
}
