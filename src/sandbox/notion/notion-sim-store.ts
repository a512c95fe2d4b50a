import { NotionSimError, notFound, validationError } from './notion-sim-errors.js';
import { matchesFilter } from './notion-sim-filter.js';
import { databaseIso, minuteIso, newId, normaliseId, pageUrl, richText } from './notion-sim-ids.js';
import { applySchemaRequest, renderSchema, type SchemaProperty } from './notion-sim-schema.js';
import { emptyValue, plainOf, toStoredValue } from './notion-sim-values.js';

interface DatabaseState {
  id: string;
  title: string;
  parentPageId: string;
  dataSourceIds: string[];
  created: Date;
  lastEdited: Date;
  inTrash: boolean;
  icon: unknown;
}

interface DataSourceState {
  id: string;
  databaseId: string;
  title: string;
  schema: Map<string, SchemaProperty>;
  created: Date;
  lastEdited: Date;
  inTrash: boolean;
  icon: unknown;
  createdBy: string;
}

export interface PageState {
  id: string;
  dataSourceId: string | undefined;
  parentPageId: string | undefined;
  /** Values in Notion's response form, keyed by property id. */
  properties: Map<string, unknown>;
  created_time: string;
  last_edited_time: string;
  createdBy: string;
  lastEditedBy: string;
  inTrash: boolean;
  icon: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function titleText(raw: unknown): string {
  return Array.isArray(raw) ? raw.map((t) => (isRecord(t) && isRecord(t.text) ? String(t.text.content ?? '') : '')).join('') : '';
}

const user = (id: string) => ({ object: 'user', id });

/** The simulator's workspace: databases holding data sources holding pages (the 2025-09-03 model). */
export class NotionSimStore {
  readonly databases = new Map<string, DatabaseState>();
  readonly dataSources = new Map<string, DataSourceState>();
  readonly pages = new Map<string, PageState>();

  constructor(private readonly now: () => Date, readonly queryResultLimit = 10_000) {}

  /** The workspace-level page the integration was shared with (untitled, as recorded). */
  addRootPage(id: string, title: string, by: string): void {
    const t = minuteIso(this.now());
    this.pages.set(id, {
      id, dataSourceId: undefined, parentPageId: undefined, properties: new Map([['title', title ? [richText(title)] : []]]),
      created_time: t, last_edited_time: t, createdBy: by, lastEditedBy: by, inTrash: false, icon: null,
    });
  }

  private page(id: string): PageState {
    const p = this.pages.get(normaliseId(id));
    if (!p) throw notFound('page', normaliseId(id));
    return p;
  }

  private dataSource(id: string): DataSourceState {
    const d = this.dataSources.get(normaliseId(id));
    if (!d) throw notFound('data_source', normaliseId(id));
    return d;
  }

  private database(id: string): DatabaseState {
    const d = this.databases.get(normaliseId(id));
    if (!d) throw notFound('database', normaliseId(id));
    return d;
  }

  private resolver = {
    databaseOfDataSource: (dsId: string) => this.dataSources.get(normaliseId(dsId))?.databaseId,
  };

  // — databases —

  createDatabase(body: Record<string, unknown>, by: string): Record<string, unknown> {
    const parent = isRecord(body.parent) ? body.parent : undefined;
    const parentId = typeof parent?.page_id === 'string' ? normaliseId(parent.page_id) : undefined;
    if (!parentId) throw validationError('body failed validation: body.parent.page_id should be defined, instead was `undefined`.');
    const parentPage = this.page(parentId);
    if (parentPage.dataSourceId) throw validationError('Cannot create a database inside a database page.');
    const now = this.now();
    const title = titleText(body.title);
    const db: DatabaseState = { id: newId(), title, parentPageId: parentId, dataSourceIds: [], created: now, lastEdited: now, inTrash: false, icon: body.icon ?? null };
    const initial = isRecord(body.initial_data_source) ? body.initial_data_source : {};
    const props = initial.properties ?? { Name: { title: {} } };
    const schema = applySchemaRequest(new Map(), props, this.resolver, true);
    const ds: DataSourceState = { id: newId(), databaseId: db.id, title, schema, created: now, lastEdited: now, inTrash: false, icon: null, createdBy: by };
    db.dataSourceIds.push(ds.id);
    this.databases.set(db.id, db);
    this.dataSources.set(ds.id, ds);
    return this.renderDatabase(db);
  }

  getDatabase(id: string): Record<string, unknown> {
    return this.renderDatabase(this.database(id));
  }

  updateDatabase(id: string, body: Record<string, unknown>): Record<string, unknown> {
    const db = this.database(id);
    if ('properties' in body) {
      throw validationError('body failed validation: body.properties is not supported for databases in this API version; update the data source instead.');
    }
    if (body.title !== undefined) db.title = titleText(body.title);
    if (body.icon !== undefined) db.icon = body.icon;
    if (typeof body.in_trash === 'boolean') db.inTrash = body.in_trash;
    db.lastEdited = this.now();
    return this.renderDatabase(db);
  }

  private renderDatabase(db: DatabaseState): Record<string, unknown> {
    return {
      object: 'database', id: db.id, title: [richText(db.title)], description: [],
      parent: { type: 'page_id', page_id: db.parentPageId }, is_inline: false, in_trash: db.inTrash, is_locked: false,
      created_time: databaseIso(db.created), last_edited_time: databaseIso(db.lastEdited),
      data_sources: db.dataSourceIds.map((dsId) => ({ id: dsId, name: this.dataSources.get(dsId)?.title ?? '' })),
      icon: db.icon, cover: null, url: pageUrl(db.id), public_url: null, archived: db.inTrash,
    };
  }

  // — data sources —

  createDataSource(body: Record<string, unknown>, by: string): Record<string, unknown> {
    const parent = isRecord(body.parent) ? body.parent : undefined;
    const dbId = typeof parent?.database_id === 'string' ? parent.database_id : undefined;
    if (!dbId) throw validationError('body failed validation: body.parent.database_id should be defined, instead was `undefined`.');
    const db = this.database(dbId);
    const now = this.now();
    const schema = applySchemaRequest(new Map(), body.properties, this.resolver, true);
    const ds: DataSourceState = { id: newId(), databaseId: db.id, title: titleText(body.title), schema, created: now, lastEdited: now, inTrash: false, icon: body.icon ?? null, createdBy: by };
    db.dataSourceIds.push(ds.id);
    this.dataSources.set(ds.id, ds);
    return this.renderDataSource(ds);
  }

  getDataSource(id: string): Record<string, unknown> {
    return this.renderDataSource(this.dataSource(id));
  }

  updateDataSource(id: string, body: Record<string, unknown>): Record<string, unknown> {
    const ds = this.dataSource(id);
    ds.schema = applySchemaRequest(ds.schema, body.properties, this.resolver, false);
    if (body.title !== undefined) ds.title = titleText(body.title);
    if (body.icon !== undefined) ds.icon = body.icon;
    const trash = typeof body.in_trash === 'boolean' ? body.in_trash : typeof body.archived === 'boolean' ? body.archived : undefined;
    if (trash !== undefined) ds.inTrash = trash;
    ds.lastEdited = this.now();
    return this.renderDataSource(ds);
  }

  private renderDataSource(ds: DataSourceState): Record<string, unknown> {
    const db = this.databases.get(ds.databaseId);
    return {
      object: 'data_source', id: ds.id, cover: null, icon: ds.icon, created_time: minuteIso(ds.created),
      created_by: user(ds.createdBy), last_edited_by: user(ds.createdBy), last_edited_time: minuteIso(ds.lastEdited),
      title: [richText(ds.title)], description: [], is_inline: false, properties: renderSchema(ds.schema),
      parent: { type: 'database_id', database_id: ds.databaseId },
      database_parent: { type: 'page_id', page_id: db?.parentPageId ?? null },
      url: pageUrl(ds.databaseId), public_url: null, in_trash: ds.inTrash, archived: ds.inTrash,
    };
  }

  query(dsId: string, body: Record<string, unknown>): Record<string, unknown> {
    const ds = this.dataSource(dsId);
    const size = body.page_size === undefined ? 100 : Number(body.page_size);
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      throw validationError(`body failed validation: body.page_size should be ≤ \`100\`, instead was \`${String(body.page_size)}\`.`);
    }
    const inTrash = body.in_trash === true;
    let rows = [...this.pages.values()].filter((p) => p.dataSourceId === ds.id && p.inTrash === inTrash);
    rows = rows.filter((p) => matchesFilter(p, body.filter, ds.schema));
    if (Array.isArray(body.sorts)) rows = this.sortPages(rows, body.sorts, ds.schema);
    // Notion stops a query at about 10,000 rows: has_more turns false and request_status says incomplete.
    const capped = rows.length > this.queryResultLimit;
    if (capped) rows = rows.slice(0, this.queryResultLimit);
    let start = 0;
    if (typeof body.start_cursor === 'string') {
      start = rows.findIndex((p) => p.id === normaliseId(body.start_cursor as string));
      if (start < 0) throw validationError(`body failed validation: body.start_cursor should be a valid cursor, instead was \`"${body.start_cursor}"\`.`);
    }
    const slice = rows.slice(start, start + size);
    const next = rows[start + size];
    return {
      object: 'list', results: slice.map((p) => this.renderPage(p)), next_cursor: next ? next.id : null,
      has_more: next !== undefined, type: 'page_or_data_source', page_or_data_source: {},
      ...(capped && !next ? { request_status: { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' } } : {}),
    };
  }

  private sortPages(rows: PageState[], sorts: unknown[], schema: Map<string, SchemaProperty>): PageState[] {
    const keyed = sorts.filter(isRecord).map((s) => {
      const desc = s.direction === 'descending' ? -1 : 1;
      if (s.timestamp === 'created_time' || s.timestamp === 'last_edited_time') {
        const ts = s.timestamp;
        return (p: PageState) => [p[ts], desc] as const;
      }
      const prop = typeof s.property === 'string' ? schema.get(s.property) : undefined;
      if (!prop) throw validationError(`Could not find sort property with name or id: ${String(s.property)}`);
      return (p: PageState) => [plainOf(p.properties.get(prop.id)), desc] as const;
    });
    return [...rows].sort((a, b) => {
      for (const k of keyed) {
        const [va, d] = k(a);
        const [vb] = k(b);
        if (va !== vb) return va < vb ? -d : d;
      }
      return 0;
    });
  }

  // — pages —

  private applyProperties(page: PageState, schema: Map<string, SchemaProperty> | undefined, raw: unknown): void {
    if (raw === undefined) return;
    if (!isRecord(raw)) throw validationError('body failed validation: body.properties should be an object.');
    const ctx = { pageExists: (id: string) => this.pages.has(normaliseId(id)) };
    const updates = new Map<string, unknown>();
    for (const [key, value] of Object.entries(raw)) {
      if (!schema) {
        if (key !== 'title') throw validationError(`${key} is not a property that exists.`);
        updates.set('title', toStoredValue(key, { id: 'title', name: 'title', type: 'title', config: {} }, value, ctx));
        continue;
      }
      const prop = schema.get(key) ?? [...schema.values()].find((p) => p.id === key);
      if (!prop) throw validationError(`${key} is not a property that exists.`);
      updates.set(prop.id, toStoredValue(key, prop, value, ctx));
    }
    // All values are validated before any is applied: a 400 leaves the page untouched.
    for (const [id, v] of updates) page.properties.set(id, v);
  }

  createPage(body: Record<string, unknown>, by: string): Record<string, unknown> {
    const parent = isRecord(body.parent) ? body.parent : undefined;
    const now = minuteIso(this.now());
    const page: PageState = {
      id: newId(), dataSourceId: undefined, parentPageId: undefined, properties: new Map(), created_time: now,
      last_edited_time: now, createdBy: by, lastEditedBy: by, inTrash: false, icon: body.icon ?? null,
    };
    let schema: Map<string, SchemaProperty> | undefined;
    if (typeof parent?.data_source_id === 'string') {
      const ds = this.dataSource(parent.data_source_id);
      page.dataSourceId = ds.id;
      schema = ds.schema;
      for (const p of schema.values()) page.properties.set(p.id, emptyValue(p));
    } else if (typeof parent?.database_id === 'string') {
      const db = this.database(parent.database_id);
      if (db.dataSourceIds.length !== 1) {
        throw validationError('Databases with multiple data sources are not supported in this API version.');
      }
      const ds = this.dataSource(db.dataSourceIds[0] ?? '');
      page.dataSourceId = ds.id;
      schema = ds.schema;
      for (const p of schema.values()) page.properties.set(p.id, emptyValue(p));
    } else if (typeof parent?.page_id === 'string') {
      page.parentPageId = this.page(parent.page_id).id;
      page.properties.set('title', []);
    } else {
      throw validationError('body failed validation: body.parent should be defined, instead was `undefined`.');
    }
    this.applyProperties(page, schema, body.properties);
    this.pages.set(page.id, page);
    return this.renderPage(page);
  }

  getPage(id: string): Record<string, unknown> {
    return this.renderPage(this.page(id));
  }

  /** PATCH /pages/{id}: properties, in_trash (or the older `archived`), icon. */
  updatePage(id: string, body: Record<string, unknown>, by: string): Record<string, unknown> {
    const page = this.page(id);
    const trash = typeof body.in_trash === 'boolean' ? body.in_trash : typeof body.archived === 'boolean' ? body.archived : undefined;
    if (page.inTrash && trash !== false && body.properties !== undefined) {
      throw validationError("Can't edit block that is archived. You must unarchive the block before editing.");
    }
    const schema = page.dataSourceId ? this.dataSources.get(page.dataSourceId)?.schema : undefined;
    this.applyProperties(page, schema, body.properties);
    if (trash !== undefined) page.inTrash = trash;
    if (body.icon !== undefined) page.icon = body.icon;
    page.last_edited_time = minuteIso(this.now());
    page.lastEditedBy = by;
    return this.renderPage(page);
  }

  renderPage(page: PageState): Record<string, unknown> {
    const properties: Record<string, unknown> = {};
    const ds = page.dataSourceId ? this.dataSources.get(page.dataSourceId) : undefined;
    const schema = ds ? [...ds.schema.values()] : [{ id: 'title', name: 'title', type: 'title' as const, config: {} }];
    for (const p of schema) {
      const value = page.properties.has(p.id) ? page.properties.get(p.id) : emptyValue(p);
      properties[p.name] = p.type === 'relation' ? { id: p.id, type: p.type, relation: value, has_more: false } : { id: p.id, type: p.type, [p.type]: value };
    }
    const parent = ds
      ? { type: 'data_source_id', data_source_id: ds.id, database_id: ds.databaseId }
      : page.parentPageId ? { type: 'page_id', page_id: page.parentPageId } : { type: 'workspace', workspace: true };
    return {
      object: 'page', id: page.id, created_time: page.created_time, last_edited_time: page.last_edited_time,
      created_by: user(page.createdBy), last_edited_by: user(page.lastEditedBy), cover: null, icon: page.icon,
      parent, in_trash: page.inTrash, is_archived: page.inTrash, is_locked: false, properties, url: pageUrl(page.id),
      public_url: null, archived: page.inTrash,
    };
  }

  /** Property name → plain text, for tests and for the simulated people. */
  plainProperties(pageId: string): Record<string, string> {
    const page = this.page(pageId);
    const ds = page.dataSourceId ? this.dataSources.get(page.dataSourceId) : undefined;
    const out: Record<string, string> = {};
    for (const p of ds?.schema.values() ?? []) out[p.name] = plainOf(page.properties.get(p.id));
    return out;
  }

  schemaOf(dataSourceId: string): Map<string, SchemaProperty> {
    return this.dataSource(dataSourceId).schema;
  }

  /** POST /search: title match over pages and data sources. */
  search(body: Record<string, unknown>): Record<string, unknown> {
    const q = typeof body.query === 'string' ? body.query.toLowerCase() : '';
    const filter = isRecord(body.filter) ? body.filter.value : undefined;
    const results: Record<string, unknown>[] = [];
    if (filter !== 'data_source') {
      for (const p of this.pages.values()) {
        if (p.inTrash) continue;
        const title = plainOf(this.titleValue(p));
        if (title.toLowerCase().includes(q)) results.push(this.renderPage(p));
      }
    }
    if (filter !== 'page') {
      for (const ds of this.dataSources.values()) if (!ds.inTrash && ds.title.toLowerCase().includes(q)) results.push(this.renderDataSource(ds));
    }
    const size = Math.min(100, Number(body.page_size ?? 100));
    return { object: 'list', results: results.slice(0, size), next_cursor: null, has_more: false, type: 'page_or_data_source', page_or_data_source: {} };
  }

  private titleValue(p: PageState): unknown {
    const ds = p.dataSourceId ? this.dataSources.get(p.dataSourceId) : undefined;
    const titleProp = ds ? [...ds.schema.values()].find((x) => x.type === 'title') : undefined;
    return p.properties.get(titleProp?.id ?? 'title');
  }

  assertExists(kind: 'page', id: string): void {
    if (kind === 'page' && !this.pages.has(normaliseId(id))) throw new NotionSimError('object_not_found', `Could not find page with ID: ${id}.`);
  }
}
