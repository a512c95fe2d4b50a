import { randomUUID } from 'node:crypto';
import { ERROR_CODES, SluiceError, type ErrorCode } from '../core/errors.js';
import { listDestinationsForStream } from '../destinations/destination-store.js';
import { runPush } from '../destinations/run-push.js';
import type { AppContext } from '../main/app-context.js';
import { buildUnifiedMembers } from '../packs/agents/agents-pipeline.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
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
  const { connection, streams, full, range } = ctx.payload;
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
      ...(range ? { range } : {}),
      signal: ctx.signal,
      trigger: ctx.payload.trigger ?? 'job',
      runId,
      jobId: ctx.id,
    });
  } finally {
    stopBeat();
  }
  if (summary.status === 'cancelled') {
    throw new SluiceError('cancelled', `sync of ${connection} was cancelled`, { details: { run_id: summary.run_id } });
  }
  if (summary.status === 'failed') throw failureOf(summary);
  // Pushes follow the syncs they depend on: each destination reading a changed stream gets a push job.
  const destinations = new Set<string>();
  for (const stream of changedStreams(summary)) {
    for (const d of await listDestinationsForStream(app.db, stream)) destinations.add(d);
  }
  const pushes: { destination: string; job: string | null }[] = [];
  for (const destination of destinations) {
    pushes.push({ destination, job: await ctx.enqueue('push', { destination, trigger: `sync:${summary.run_id}` }) });
  }
  return { run_id: summary.run_id, status: summary.status, streams: summary.streams, flags: summary.flags, duration_ms: summary.duration_ms, pushes };
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

/** Derived models a `model` job can refresh, by name (`model:*` refreshes all). */
const MODEL_REFRESHERS: Readonly<Record<string, (app: AppContext) => Promise<object>>> = {
  unified_company_member: buildUnifiedMembers,
};

async function modelJob(app: AppContext, ctx: JobContext<'model'>): Promise<Record<string, unknown>> {
  const names = ctx.payload.model ? [ctx.payload.model] : Object.keys(MODEL_REFRESHERS);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const refresh = MODEL_REFRESHERS[name];
    if (!refresh) throw new SluiceError('not_found', `unknown model "${name}"`, { details: { known: Object.keys(MODEL_REFRESHERS) } });
    if (ctx.signal.aborted) throw new SluiceError('cancelled', 'model refresh was cancelled');
    out[name] = await refresh(app);
  }
  return out;
}

/** The production handlers: every job kind wired to the service that does the work. */
export function createSluiceJobHandlers(app: AppContext, opts: SluiceHandlerOptions = {}): JobHandlerRegistry {
  return new JobHandlerRegistry({
    sync: (ctx) => syncJob(app, opts, ctx),
    push: (ctx) => pushJob(app, ctx),
    resolve: (ctx) => resolveJob(app, ctx),
    model: (ctx) => modelJob(app, ctx),
  });
}
