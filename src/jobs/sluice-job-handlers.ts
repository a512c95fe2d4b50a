import { randomUUID } from 'node:crypto';
import { ERROR_CODES, SluiceError, type ErrorCode } from '../core/errors.js';
import { listDestinationsForStream } from '../destinations/destination-store.js';
import { runPush } from '../destinations/run-push.js';
import type { AppContext } from '../main/app-context.js';
import { directDependents } from '../models/model-graph.js';
import { modelNodes, modelRunName, refreshModel, refreshModels, type ModelRefreshSummary } from '../models/refresh-model.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
import { runPack } from '../packs/run-pack.js';
import { getEntityRules } from '../resolve/entity-types.js';
import { resolveEntities } from '../resolve/store/resolve-entities.js';
import { JobHandlerRegistry, type JobContext } from './job-handlers.js';
import { failStaleRunsOf, startRunHeartbeat } from './run-heartbeat.js';

export interface SluiceHandlerOptions {
  /** How often a sync job refreshes its run's heartbeat. */
  readonly runHeartbeatMs?: number;
  /** A `running` run of the same connection whose heartbeat is older than this belongs to a dead worker. */
  readonly staleRunAfterMs?: number;
}

function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_CODES;
}

/** A failed run becomes a thrown error, retryable when its first error's code is (upstream outage, rate limit…). */
function failureOf(summary: SyncSummary): SluiceError {
  const first = summary.errors[0];
  const code: ErrorCode = first && isErrorCode(first.code) ? first.code : 'internal';
  return new SluiceError(code, `sync of ${summary.connection} failed: ${first?.message ?? 'unknown error'}`, {
    details: { run_id: summary.run_id, errors: summary.errors },
  });
}

function changedStreams(summary: SyncSummary): string[] {
  return Object.entries(summary.streams)
    .filter(([, c]) => c.created + c.updated + c.removed + c.restored > 0)
    .map(([name]) => name);
}

async function syncJob(app: AppContext, opts: SluiceHandlerOptions, ctx: JobContext<'sync'>): Promise<Record<string, unknown>> {
  const { connection, streams, full } = ctx.payload;
  const heartbeatMs = opts.runHeartbeatMs ?? 5_000;
  await failStaleRunsOf(app.db, connection, opts.staleRunAfterMs ?? heartbeatMs * 4);
  const runId = randomUUID();
  const stopBeat = startRunHeartbeat(app.db, runId, heartbeatMs);
  let summary: SyncSummary;
  try {
    summary = await runSync(app, {
      connection,
      ...(streams ? { streams } : {}),
      ...(full !== undefined ? { full } : {}),
      signal: ctx.signal,
      trigger: ctx.payload.trigger ?? 'job',
      runId,
    });
  } finally {
    stopBeat();
  }
  if (summary.status === 'cancelled') {
    throw new SluiceError('cancelled', `sync of ${connection} was cancelled`, { details: { run_id: summary.run_id } });
  }
  if (summary.status === 'failed') throw failureOf(summary);
  const changed = changedStreams(summary);
  // Models reading a changed stream are refreshed next (each model job chains its own dependents and pushes).
  const nodes = await modelNodes(app.db);
  const models: { model: string; job: string | null }[] = [];
  for (const m of nodes.filter((n) => n.inputs.some((i) => changed.includes(i)))) {
    models.push({ model: m.name, job: await ctx.enqueue('model', { model: m.name, trigger: `sync:${summary.run_id}` }) });
  }
  const pushes = await enqueuePushes(app, ctx, changed, `sync:${summary.run_id}`);
  return { run_id: summary.run_id, status: summary.status, streams: summary.streams, flags: summary.flags, duration_ms: summary.duration_ms, models, pushes };
}

/** Pushes follow what they read: each destination reading a changed stream gets a push job. */
async function enqueuePushes(
  app: AppContext,
  ctx: JobContext<'sync'> | JobContext<'model'>,
  streams: readonly string[],
  trigger: string,
): Promise<{ destination: string; job: string | null }[]> {
  const destinations = new Set<string>();
  for (const stream of streams) {
    for (const d of await listDestinationsForStream(app.db, stream)) destinations.add(d);
  }
  const pushes: { destination: string; job: string | null }[] = [];
  for (const destination of destinations) pushes.push({ destination, job: await ctx.enqueue('push', { destination, trigger }) });
  return pushes;
}

async function pushJob(app: AppContext, ctx: JobContext<'push'>): Promise<Record<string, unknown>> {
  const s = await runPush(app, { destination: ctx.payload.destination, signal: ctx.signal });
  if (ctx.signal.aborted) throw new SluiceError('cancelled', `push to ${s.destination} was cancelled`, { details: { push_id: s.pushId } });
  if (s.status === 'failed') {
    // Delivery state is per record, so a retry resends only what did not land (DESIGN.md invariant 5).
    const code = s.failures[0]?.code;
    throw new SluiceError(code && isErrorCode(code) ? code : 'upstream_error', `push to ${s.destination} failed: ${s.failures[0]?.message ?? 'no record delivered'}`, {
      details: { push_id: s.pushId, failed: s.failed, pushed: s.pushed },
    });
  }
  return { push_id: s.pushId, status: s.status, plan: s.plan, calls: s.calls, pushed: s.pushed, failed: s.failed, duration_ms: s.durationMs };
}

async function resolveJob(app: AppContext, ctx: JobContext<'resolve'>): Promise<Record<string, unknown>> {
  const summary = await resolveEntities(app.db, getEntityRules(ctx.payload.entityType));
  return { ...summary };
}

function modelFailure(s: ModelRefreshSummary): SluiceError {
  const code: ErrorCode = s.error && isErrorCode(s.error.code) ? s.error.code : 'internal';
  return new SluiceError(code, `refresh of model ${s.model} failed: ${s.error?.message ?? 'unknown error'}`, { details: { run_id: s.run_id } });
}

/**
 * `model:<name>` refreshes one model, then chains: the models reading it and the destinations pushing it, when it
 * changed. `model:*` refreshes every model in dependency order in this job.
 */
async function modelJob(app: AppContext, opts: SluiceHandlerOptions, ctx: JobContext<'model'>): Promise<Record<string, unknown>> {
  const trigger = ctx.payload.trigger ?? 'job';
  const name = ctx.payload.model;
  const staleAfter = opts.staleRunAfterMs ?? (opts.runHeartbeatMs ?? 5_000) * 4;
  if (name) {
    await failStaleRunsOf(app.db, modelRunName(name), staleAfter);
    const s = await refreshModel(app, name, { trigger, signal: ctx.signal });
    if (s.status === 'cancelled') throw new SluiceError('cancelled', `refresh of model ${name} was cancelled`, { details: { run_id: s.run_id } });
    if (s.status === 'failed') throw modelFailure(s);
    const models: { model: string; job: string | null }[] = [];
    const pushes = s.changed ? await enqueuePushes(app, ctx, [name], `model:${s.run_id}`) : [];
    if (s.changed) {
      for (const d of directDependents(await modelNodes(app.db), name)) {
        models.push({ model: d, job: await ctx.enqueue('model', { model: d, trigger: `model:${s.run_id}` }) });
      }
    }
    return { ...s, models, pushes };
  }
  const all = await refreshModels(app, { trigger, signal: ctx.signal });
  if (ctx.signal.aborted) throw new SluiceError('cancelled', 'model refresh was cancelled');
  const pushes = await enqueuePushes(app, ctx, all.filter((s) => s.changed).map((s) => s.model), 'model:*');
  const failed = all.filter((s) => s.status === 'failed');
  if (failed.length > 0) throw modelFailure(failed[0]!);
  return { models: all, pushes };
}

/** The production handlers: every job kind wired to the service that does the work. */
export function createSluiceJobHandlers(app: AppContext, opts: SluiceHandlerOptions = {}): JobHandlerRegistry {
  return new JobHandlerRegistry({
    sync: (ctx) => syncJob(app, opts, ctx),
    push: (ctx) => pushJob(app, ctx),
    resolve: (ctx) => resolveJob(app, ctx),
    model: (ctx) => modelJob(app, opts, ctx),
    pack: async (ctx) => {
      const s = await runPack(app, ctx.payload.pack, { trigger: ctx.payload.trigger ?? 'job', signal: ctx.signal });
      if (s.status === 'failed') throw new SluiceError('upstream_error', `pack ${s.pack} run failed: ${s.steps.find((x) => x.error)?.error ?? 'every step failed'}`, { details: { run_id: s.run_id } });
      return { ...s };
    },
  });
}
