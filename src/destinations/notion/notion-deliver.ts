import { canonicalJson } from '../../core/content-hash.js';
import { toSluiceError } from '../../core/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { PushFailure } from '../destination.js';
import type { DeliveryOutcome } from '../destination-record-store.js';
import type { NotionApi, NotionPage, NotionResult } from './notion-api.js';
import type { NotionMapping } from './notion-mapping.js';
import type { PlannedItem } from './notion-plan.js';
import { buildProperties, plainBuiltValue } from './notion-values.js';
import { recordMetadata } from '../record-metadata.js';
import { markSpanFailed, withSpan } from '../../observability/with-span.js';

export interface DeliverContext {
  readonly api: NotionApi;
  readonly mapping: NotionMapping;
  readonly dataSourceId: string;
  readonly destination: string;
  readonly logger: Logger;
  /** Relation property + target record key → page id in the target database. */
  readonly relationId: (property: string, key: string) => string | undefined;
  /** Stores "create sent, result unknown" for a key just before its create goes out. */
  readonly beforeCreate: (key: string) => Promise<void>;
}

export interface DeliverResult {
  readonly outcome: DeliveryOutcome;
  readonly failure?: PushFailure;
  readonly pushed: boolean;
  readonly cuts: number;
  /** The page write this delivery made (audited), when it made one. */
  readonly page?: { readonly op: 'created' | 'updated' | 'trashed'; readonly id: string };
}

type Fail = Extract<NotionResult<unknown>, { ok: false }>;

/**
 * Delivers one planned record: create (after a lookup by external key when a previous create is unconfirmed),
 * update with only the properties that changed (never the human-owned ones), trash, or restore.
 */
export function deliverItem(ctx: DeliverContext, item: PlannedItem): Promise<DeliverResult> {
  return withSpan('notion.write', { attributes: { 'sluice.destination': ctx.destination, 'sluice.record_key': item.row.key, 'sluice.action': String(item.action), 'notion.data_source_id': ctx.dataSourceId } }, async (span) => {
    const r = await deliverOne(ctx, item);
    span.setAttributes({ 'notion.operation': r.page?.op ?? (r.failure ? 'failed' : 'none'), 'sluice.delivery_state': r.outcome.state });
    if (r.failure) markSpanFailed(span, r.failure.message);
    return r;
  });
}

async function deliverOne(ctx: DeliverContext, item: PlannedItem): Promise<DeliverResult> {
  const { row } = item;
  const data = ctx.mapping.usesMetadata ? { ...row.data, ...recordMetadata(row, 'day') } : row.data;
  const built = buildProperties(ctx.mapping, row.key, data, ctx.relationId);
  for (const c of built.cuts) {
    ctx.logger.warn({ destination: ctx.destination, key: row.key, property: c.property, reason: c.reason }, 'value cut to Notion limits');
  }
  const human = new Set(ctx.mapping.properties.filter((p) => p.humanOwned).map((p) => p.name));
  const held = heldByPerson(ctx, row, built.values);
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(built.values)) {
    if (human.has(k)) continue;
    if (held.has(k)) {
      // Not written: what was delivered before stays the record of what Sluice last sent.
      const before = row.delivered?.[k];
      if (before !== undefined) sent[k] = before;
      continue;
    }
    sent[k] = canonicalJson(v);
  }
  const base = { key: row.key, incomplete: built.unresolved, error: null };
  const done = (
    externalId: string | null, state: 'delivered' | 'trashed', delivered: Record<string, string> | null, op?: 'created' | 'updated' | 'trashed',
  ): DeliverResult => ({
    outcome: { ...base, external_id: externalId, delivered_hash: item.targetHash, delivered, state },
    pushed: true,
    cuts: built.cuts.length,
    ...(op && externalId ? { page: { op, id: externalId } } : {}),
  });
  const failed = (r: Fail | { status?: number; code: string; message: string }, uncertainCreate = false): DeliverResult => {
    // A 4xx is retried only when the content changes; a 404 (page gone) and 5xx/network failures are retried next push.
    const error = { code: r.code, message: r.message, status: r.status, hash: r.status !== undefined && r.status < 500 && r.status !== 404 ? item.targetHash : undefined };
    return {
      outcome: {
        ...base,
        external_id: r.status === 404 ? null : row.external_id,
        delivered_hash: row.delivered_hash,
        delivered: row.delivered,
        state: uncertainCreate ? 'pending_create' : 'failed',
        error,
      },
      failure: { key: row.key, action: item.action, code: r.code, message: r.message, status: r.status },
      pushed: false,
      cuts: built.cuts.length,
    };
  };

  try {
    let pageId = row.external_id;
    let trashed = row.state === 'trashed';
    let delivered = row.delivered;
    if (!pageId && item.lookup) {
      const found = await ctx.api.findByKey(ctx.dataSourceId, ctx.mapping.keyProperty, row.key, ctx.mapping.keyType);
      if (!found.ok) return failed(found, true);
      const keep = await keepOne(ctx, found.body);
      if (keep) {
        pageId = keep.id;
        trashed = keep.in_trash;
        delivered = null; // unknown content: send every Sluice-owned property
      }
    }
    if (item.action === 'trash') {
      if (!pageId) return done(null, 'trashed', delivered);
      if (trashed) return done(pageId, 'trashed', delivered);
      const r = await ctx.api.updatePage(pageId, { in_trash: true });
      if (!r.ok && r.status !== 404) return failed(r);
      return done(pageId, 'trashed', delivered, 'trashed');
    }
    if (!pageId) {
      if (!item.lookup) await ctx.beforeCreate(row.key);
      const r = await ctx.api.createPage(ctx.dataSourceId, built.values);
      if (!r.ok) return failed(r);
      if (r.attempts > 1) {
        // A retried create may have succeeded the first time too: keep one page per key.
        const found = await ctx.api.findByKey(ctx.dataSourceId, ctx.mapping.keyProperty, row.key, ctx.mapping.keyType);
        if (found.ok) await keepOne(ctx, found.body, r.body.id);
      }
      return done(r.body.id, 'delivered', sent, 'created');
    }
    const changed: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(built.values)) {
      if (human.has(k) || held.has(k) || delivered?.[k] === sent[k]) continue;
      // A property added to the mapping starts empty in Notion: an empty value for it needs no call.
      if (delivered && !(k in delivered) && isEmptyValue(v)) continue;
      changed[k] = v;
    }
    const restore = trashed;
    if (Object.keys(changed).length === 0 && !restore) return done(pageId, 'delivered', sent);
    const r = await ctx.api.updatePage(pageId, { ...(Object.keys(changed).length ? { properties: changed } : {}), ...(restore ? { in_trash: false } : {}) });
    if (!r.ok) return failed(r);
    return done(pageId, 'delivered', sent, 'updated');
  } catch (err) {
    const e = toSluiceError(err);
    // A cancelled push stops here; the record keeps its previous state (a create stays pending: looked up next time).
    if (e.code === 'cancelled') throw e;
    const status = (e.details as { status?: number } | undefined)?.status;
    // A create that failed after the request left (timeout, 5xx after retries) may still have happened.
    return failed({ code: e.code, message: e.message, status }, !row.external_id && item.action === 'create');
  }
}

/**
 * Properties with human values that a person holds: the value last pulled from the page is one of them, and Sluice's
 * value is not (a value of the list is a person's decision made through Sluice, which may replace it).
 */
function heldByPerson(ctx: DeliverContext, row: PlannedItem['row'], values: Record<string, unknown>): Set<string> {
  const held = new Set<string>();
  for (const [name, list] of Object.entries(ctx.mapping.humanValues)) {
    const pulled = row.annotations?.[ctx.destination]?.[name]?.value;
    if (typeof pulled === 'string' && list.includes(pulled) && !list.includes(String(plainBuiltValue(values[name])))) held.add(name);
  }
  return held;
}

function isEmptyValue(v: unknown): boolean {
  const inner = v && typeof v === 'object' ? Object.values(v as Record<string, unknown>)[0] : v;
  return inner === null || inner === false || (Array.isArray(inner) && inner.length === 0);
}

/** Keeps the oldest live page for a key and trashes the others (duplicates from an unconfirmed create). */
async function keepOne(ctx: DeliverContext, pages: readonly NotionPage[], preferId?: string): Promise<NotionPage | undefined> {
  if (pages.length === 0) return undefined;
  const live = pages.filter((p) => !p.in_trash);
  const keep = live.find((p) => p.id === preferId) ?? live[0] ?? pages[0];
  for (const p of live) {
    if (p.id === keep?.id) continue;
    const r = await ctx.api.updatePage(p.id, { in_trash: true });
    ctx.logger.warn({ destination: ctx.destination, page: p.id, ok: r.ok }, 'duplicate Notion page for one key moved to the trash');
  }
  return keep;
}
