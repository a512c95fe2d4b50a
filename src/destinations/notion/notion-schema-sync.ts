import { SluiceError } from '../../core/errors.js';
import type { NotionApi } from './notion-api.js';
import type { NotionConfig } from './notion-config.js';
import { schemaRequest, type NotionMapping } from './notion-mapping.js';

/** What a Notion destination remembers about its database (destinations.state). */
export interface NotionDestinationState {
  database_id?: string;
  data_source_id?: string;
  schema_signature?: string;
  /** The database existed before Sluice (config.database_id): its pages are indexed by key once. */
  adopted?: boolean;
  indexed?: boolean;
}

interface SchemaProp {
  id: string;
  name: string;
  type: string;
  [k: string]: unknown;
}

function failed(what: string, r: { status: number; code: string; message: string }): SluiceError {
  return new SluiceError(r.status === 404 ? 'not_found' : 'upstream_rejected', `${what}: ${r.message} (${r.code})`, {
    details: { status: r.status, code: r.code },
  });
}

/**
 * Makes sure the database and its data source exist with every mapped property. Known and unchanged (same schema
 * signature) → no call at all. Missing → created from `parent_page_id`, or discovered from `database_id` through
 * GET /databases/{id} → data_sources. Grown mapping → the data source schema is extended (PATCH /data_sources).
 */
export async function ensureNotionSchema(
  api: NotionApi,
  config: NotionConfig,
  state: NotionDestinationState,
  mapping: NotionMapping,
  relationTargets: ReadonlyMap<string, string>,
  title: string,
): Promise<NotionDestinationState> {
  if (state.data_source_id && state.schema_signature === mapping.signature) return state;
  const desired = schemaRequest(mapping, relationTargets);
  let next: NotionDestinationState = { ...state };
  if (!next.data_source_id) {
    if (config.database_id) {
      const db = await api.call<{ id: string; data_sources: { id: string }[] }>('GET', `/v1/databases/${config.database_id}`);
      if (!db.ok) throw failed(`cannot read Notion database ${config.database_id}`, db);
      const ds = db.body.data_sources[0];
      if (!ds) throw new SluiceError('upstream_rejected', `Notion database ${config.database_id} has no data source`);
      next = { ...next, database_id: db.body.id, data_source_id: ds.id, adopted: true, indexed: false };
    } else {
      const created = await api.call<{ id: string; data_sources: { id: string }[] }>('POST', '/v1/databases', {
        parent: { type: 'page_id', page_id: config.parent_page_id },
        title: [{ type: 'text', text: { content: title } }],
        initial_data_source: { properties: desired },
      });
      if (!created.ok) throw failed('cannot create the Notion database', created);
      const ds = created.body.data_sources[0];
      if (!ds) throw new SluiceError('malformed_response', 'Notion created a database without a data source');
      return { ...next, database_id: created.body.id, data_source_id: ds.id, schema_signature: mapping.signature, adopted: false, indexed: true };
    }
  }
  const dsId = next.data_source_id as string;
  const current = await api.call<{ properties: Record<string, SchemaProp> }>('GET', `/v1/data_sources/${dsId}`);
  if (!current.ok) throw failed(`cannot read Notion data source ${dsId}`, current);
  const patch = schemaPatch(current.body.properties, desired, mapping);
  if (Object.keys(patch).length > 0) {
    const r = await api.call('PATCH', `/v1/data_sources/${dsId}`, { properties: patch });
    if (!r.ok) throw failed('cannot extend the Notion data source schema', r);
  }
  return { ...next, schema_signature: mapping.signature };
}

/**
 * The PATCH that brings an existing schema up to the mapping: missing properties added, missing select options added,
 * the title renamed to the mapped title. Types of existing properties are left alone: people may have changed them.
 */
export function schemaPatch(existing: Record<string, SchemaProp>, desired: Record<string, unknown>, mapping: NotionMapping): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const title = Object.values(existing).find((p) => p.type === 'title');
  if (title && title.name !== mapping.titleProperty && !(mapping.titleProperty in existing)) {
    patch[title.id] = { name: mapping.titleProperty };
  }
  for (const [name, spec] of Object.entries(desired)) {
    const have = existing[name];
    const type = Object.keys(spec as object)[0] as string;
    if (type === 'title') continue;
    if (!have) {
      patch[name] = spec;
      continue;
    }
    if ((type === 'select' || type === 'multi_select') && have.type === type) {
      const wanted = ((spec as Record<string, { options: { name: string }[] }>)[type]?.options ?? []).map((o) => o.name);
      const got = ((have[type] as { options?: { name: string }[] } | undefined)?.options ?? []).map((o) => o.name);
      if (wanted.some((n) => !got.includes(n))) patch[name] = spec;
    }
  }
  return patch;
}
