import type { AppContext } from '../../main/app-context.js';
import { SluiceError } from '../../core/errors.js';
import type { StreamSchema } from '../../core/stream-schema.js';
import { emptyPlan, type PushFailure, type PushSummary } from '../destination.js';
import {
  externalIdsByKey, getCursor, getStreamId, loadPlanRows, markPendingCreates, maxOutboxId, saveOutcomes, setCursor,
  type DeliveryOutcome,
} from '../destination-record-store.js';
import { updateDestinationState, type LoadedDestination } from '../destination-store.js';
import { NotionApi } from './notion-api.js';
import { notionStreamOf, type NotionConfig } from './notion-config.js';
import { deliverItem, type DeliverContext } from './notion-deliver.js';
import { auditPageWrites } from './notion-page-audit.js';
import { indexExistingPages } from './notion-index.js';
import { deriveNotionMapping } from './notion-mapping.js';
import { planRow, type PlannedItem } from './notion-plan.js';
import { pullNotionEdits } from './notion-pull.js';
import { ensureNotionSchema, type NotionDestinationState } from './notion-schema-sync.js';

export interface NotionPushOptions {
  readonly dryRun: boolean;
  readonly pull: boolean;
  readonly signal?: AbortSignal;
}

type Result = Omit<PushSummary, 'durationMs' | 'pushId'>;

const FLUSH_EVERY = 100;

/** Runs `worker` over `items` with `n` concurrent workers; pacing comes from the HTTP layer's per-token limiter. */
async function runPool<T>(items: readonly T[], n: number, worker: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw new SluiceError('cancelled', 'the push was cancelled');
      const item = items[next] as T;
      next += 1;
      await worker(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, lane));
}

async function relationTargets(app: AppContext, names: readonly string[]): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const { rows } = await app.db.query<{ name: string; ds: string | null }>(
    `select name, state->>'data_source_id' as ds from destinations where name = any($1::text[])`,
    [[...names]],
  );
  return new Map(rows.filter((r) => r.ds).map((r) => [r.name, r.ds as string]));
}

/** Pushes one stream's changes to its Notion database (see the issue: idempotent, resumable, paced, two-way). */
export async function pushNotion(app: AppContext, dest: LoadedDestination, opts: NotionPushOptions): Promise<Result> {
  const config = dest.settings as unknown as NotionConfig;
  const streamName = notionStreamOf(config);
  const stream = await getStreamId(app.db, streamName);
  if (!stream) throw new SluiceError('stream_unknown', `destination "${dest.name}" maps stream "${streamName}", which does not exist yet (run a sync first)`);
  const mapping = deriveNotionMapping(stream.schema as StreamSchema, config);
  let state = dest.state as NotionDestinationState;
  const log = app.logger.child({ destination: dest.name });
  const api = new NotionApi(app.http, config, opts.signal);

  // People's edits are pulled before anything is planned, so a value a person just set is known when the page is
  // written (a property a person holds is not overwritten in the same push).
  let pulled: number | undefined;
  if (opts.pull && !opts.dryRun && state.data_source_id) {
    pulled = await pullNotionEdits(app, api, { destination: dest, streamId: stream.id, dataSourceId: state.data_source_id, mapping });
  }
  const cursor = await getCursor(app.db, dest.id, stream.id);
  const upTo = await maxOutboxId(app.db, stream.id);
  const full = !cursor || state.schema_signature !== mapping.signature || (state.adopted === true && !state.indexed);
  const plan = async () => (await loadPlanRows(app.db, dest.id, stream.id, full ? { full: true } : { full: false, after: cursor?.outbox_id ?? 0, upTo })).map((r) => planRow(r, mapping));
  let items = await plan();
  const counts = () => {
    const c = emptyPlan();
    for (const i of items) c[i.action] += 1;
    return c;
  };
  const work = (): PlannedItem[] => items.filter((i) => i.action !== 'unchanged');
  if (opts.dryRun) {
    return {
      destination: dest.name, kind: 'notion', dryRun: true, status: 'planned', plan: counts(),
      items: work().slice(0, 1000).map((i) => ({ key: i.row.key, action: i.action })),
      calls: 0, pushed: 0, failed: 0, failures: [], cuts: 0,
    };
  }

  const failures: PushFailure[] = [];
  let pushed = 0;
  let cuts = 0;
  if (work().length > 0 || (opts.pull && state.data_source_id === undefined)) {
    const relNames = [...new Set(mapping.properties.flatMap((p) => (p.relation ? [p.relation] : [])))];
    const targets = await relationTargets(app, relNames);
    const title = config.database_title ?? streamName;
    state = await ensureNotionSchema(api, config, state, mapping, targets, title);
    await updateDestinationState(app.db, dest.id, { ...state });
    if (state.adopted && !state.indexed) {
      await indexExistingPages(app.db, api, dest.id, stream.id, state.data_source_id as string, mapping.keyProperty);
      state = { ...state, indexed: true };
      await updateDestinationState(app.db, dest.id, { indexed: true });
      items = await plan();
    }
  }
  const todo = work();
  if (todo.length > 0) {
    // Relations resolve through the page ids stored for the target destination.
    const relationIds = new Map<string, Map<string, string>>();
    for (const p of mapping.properties) {
      if (!p.relation || !p.field) continue;
      const field = p.field;
      const keys = todo.flatMap((i) => {
        const v = i.row.data[field];
        return Array.isArray(v) ? v.map(String) : v === null || v === undefined || v === '' ? [] : [String(v)];
      });
      relationIds.set(p.name, await externalIdsByKey(app.db, p.relation, keys));
    }
    const ctx: DeliverContext = {
      api, mapping, dataSourceId: state.data_source_id as string, destination: dest.name, logger: log,
      relationId: (prop, key) => relationIds.get(prop)?.get(key),
      // One small statement per create, right before it is sent: a killed push leaves only in-flight creates uncertain.
      beforeCreate: (key) => markPendingCreates(app.db, dest.id, stream.id, [key]),
    };
    let buffer: DeliveryOutcome[] = [];
    let pageWrites: { key: string; op: string; id: string }[] = [];
    const flush = async () => {
      const out = buffer;
      const audited = pageWrites;
      buffer = [];
      pageWrites = [];
      await saveOutcomes(app.db, dest.id, stream.id, out);
      // Every page created, updated or trashed is in the audit log (seed 001), one statement per batch.
      await auditPageWrites(app.db, dest.name, audited);
    };
    await runPool(todo, config.workers, async (item) => {
      const r = await deliverItem(ctx, item);
      buffer.push(r.outcome);
      if (r.page) pageWrites.push({ key: r.outcome.key, op: r.page.op, id: r.page.id });
      cuts += r.cuts;
      if (r.pushed) pushed += 1;
      if (r.failure) {
        failures.push(r.failure);
        log.warn({ key: r.failure.key, code: r.failure.code, status: r.failure.status }, `record not delivered: ${r.failure.message}`);
      }
      if (buffer.length >= FLUSH_EVERY) await flush();
    }, opts.signal).finally(flush);
  }
  // Every planned record now has a stored outcome (failures included, retried by their state), so the cursor moves.
  await setCursor(app.db, dest.id, stream.id, upTo);
  return {
    destination: dest.name, kind: 'notion', dryRun: false,
    status: failures.length > 0 ? 'partial' : 'succeeded', plan: counts(),
    calls: api.calls, pushed, failed: failures.length, failures, cuts, ...(pulled === undefined ? {} : { pulled }),
  };
}
