import { contentHash } from '../../core/content-hash.js';
import { SluiceError } from '../../core/errors.js';
import type { FieldSpec, StreamSchema } from '../../core/stream-schema.js';
import { RECORD_METADATA_FIELDS } from '../record-metadata.js';
import type { NotionConfig, NotionPropertyType } from './notion-config.js';

/** One Notion property of a mapped database. */
export interface MappedProperty {
  readonly name: string;
  readonly type: NotionPropertyType;
  /** Source field; undefined for the key property and for people-only properties. */
  readonly field?: string;
  readonly fieldType?: FieldSpec['type'];
  readonly options?: readonly string[];
  /** Relation target: a Notion destination name. */
  readonly relation?: string;
  /** Text built from several fields ("{latitude}, {longitude}"). */
  readonly template?: string;
  /** Written at creation at most, never after; edits are pulled back. */
  readonly humanOwned: boolean;
  readonly isKey?: boolean;
}

export interface NotionMapping {
  readonly properties: readonly MappedProperty[];
  readonly keyProperty: string;
  /** The key property's type: rich_text (default) or the type of the mapped field that is the key (number). */
  readonly keyType: NotionPropertyType;
  readonly titleProperty: string;
  /** Some property shows record metadata (status, first/last seen): it is part of what is delivered. */
  readonly usesMetadata: boolean;
  /** Removed records: trash their pages, or keep and update them. */
  readonly onRemoved: 'trash' | 'mark';
  /** Changes when the mapping changes: the schema is re-synced and every record re-delivered. */
  readonly signature: string;
  /** Property → the values that, set by a person in Notion, win over Sluice's (config `human_values`). */
  readonly humanValues: Readonly<Record<string, readonly string[]>>;
}

function defaultType(f: FieldSpec): NotionPropertyType {
  if (f.enum && f.enum.length > 0 && (f.type === 'string' || f.type === 'text')) return 'select';
  switch (f.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'checkbox';
    case 'date':
    case 'datetime':
      return 'date';
    case 'email':
      return 'email';
    case 'phone':
      return 'phone_number';
    case 'url':
      return 'url';
    case 'string[]':
      return 'multi_select';
    default:
      return 'rich_text';
  }
}

function pickTitleField(fields: readonly FieldSpec[], config: NotionConfig): string | undefined {
  if (config.title_field) {
    if (!fields.some((f) => f.name === config.title_field)) {
      throw new SluiceError('validation_failed', `title_field "${config.title_field}" is not a field of the stream`);
    }
    return config.title_field;
  }
  const overridden = Object.entries(config.properties).find(([, o]) => o !== false && o.type === 'title');
  if (overridden) return overridden[0];
  const byName = fields.find((f) => /^(name|title|company_?name|site_?name)$/i.test(f.name));
  return (byName ?? fields.find((f) => f.type === 'string' || f.type === 'text'))?.name;
}

/**
 * Derives the Notion schema from a stream schema: one property per field (type from the field type, select for
 * enums), the title from `title_field` or a name-like field, the external key property, people-only properties, then
 * the per-field overrides (rename, type, options, relation, `false` to leave a field out).
 */
export function deriveNotionMapping(schema: StreamSchema, config: NotionConfig): NotionMapping {
  const human = new Set(config.human_owned);
  const titleField = pickTitleField(schema.fields, config);
  const props: MappedProperty[] = [];
  const taken = new Set<string>();
  const add = (p: MappedProperty) => {
    if (taken.has(p.name)) throw new SluiceError('validation_failed', `two mapped fields share the Notion property name "${p.name}"`);
    taken.add(p.name);
    props.push(p);
  };
  // Record metadata (`_status`, `_first_seen_at`, …) is mapped only when a property override names it.
  const metadata = RECORD_METADATA_FIELDS.filter((f) => config.properties[f.name] !== undefined);
  for (const f of [...schema.fields, ...metadata]) {
    const o = config.properties[f.name];
    if (o === false || (o === undefined && !config.map_all_fields)) continue;
    const name = o?.name ?? f.name;
    let type: NotionPropertyType = f.name === titleField ? 'title' : (o?.type ?? defaultType(f));
    if (o?.relation) type = 'relation';
    const options = o?.options ?? (type === 'select' || type === 'multi_select' || type === 'status' ? f.enum : undefined);
    // A mapped field may itself be the external key (e.g. "Unifi ID", a number): no separate key property then.
    const isKey = name === config.key_property;
    add({ name, type, field: f.name, fieldType: f.type, options, relation: o?.relation, humanOwned: human.has(name), ...(o?.template ? { template: o.template } : {}), ...(isKey ? { isKey } : {}) });
  }
  if (!props.some((p) => p.type === 'title')) {
    // A stream without a text field still needs a title: the record key is shown there.
    add({ name: 'Name', type: 'title', humanOwned: false, isKey: false });
  }
  if (!props.some((p) => p.isKey)) add({ name: config.key_property, type: 'rich_text', humanOwned: false, isKey: true });
  for (const [name, spec] of Object.entries(config.extra_properties)) {
    if (taken.has(name)) continue;
    const s = typeof spec === 'string' ? { type: spec } : spec;
    add({ name, type: s.type, options: 'options' in s ? s.options : undefined, humanOwned: true });
  }
  for (const name of human) if (!taken.has(name)) add({ name, type: 'rich_text', humanOwned: true });
  const titleProperty = props.find((p) => p.type === 'title')?.name ?? 'Name';
  const keyType = props.find((p) => p.isKey)?.type ?? 'rich_text';
  const usesMetadata = props.some((p) => p.field?.startsWith('_') === true || /\{_/.test(p.template ?? ''));
  const signature = contentHash({ props, key: config.key_property, ...(config.on_removed === 'mark' ? { removed: 'mark' } : {}) });
  const unmapped = Object.keys(config.human_values).filter((n) => !taken.has(n));
  if (unmapped.length > 0) throw new SluiceError('validation_failed', `human_values names unmapped properties: ${unmapped.join(', ')}`);
  return {
    properties: props, keyProperty: config.key_property, keyType, titleProperty, signature, usesMetadata, onRemoved: config.on_removed,
    humanValues: config.human_values,
  };
}

/** The data source schema request for the mapping (relation targets resolved to their data source ids). */
export function schemaRequest(mapping: NotionMapping, relationTargets: ReadonlyMap<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of mapping.properties) {
    if (p.type === 'relation') {
      const ds = p.relation ? relationTargets.get(p.relation) : undefined;
      if (!ds) throw new SluiceError('conflict', `relation "${p.name}" needs destination "${p.relation ?? '?'}" to be pushed first`);
      out[p.name] = { relation: { data_source_id: ds, single_property: {} } };
    } else if (p.type === 'select' || p.type === 'multi_select' || p.type === 'status') {
      out[p.name] = { [p.type]: { options: (p.options ?? []).map((name) => ({ name: name.replace(/,/g, ';') })) } };
    } else if (p.type === 'number') {
      out[p.name] = { number: { format: 'number' } };
    } else {
      out[p.name] = { [p.type]: {} };
    }
  }
  return out;
}
