import { randomUUID } from 'node:crypto';
import { readRemovalPolicy } from '../core/pipeline-settings.js';
import { SluiceError, toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { finishRun, heartbeat, logRun } from '../pipeline/run-repository.js';
import { syncStream, type StreamCounts } from '../pipeline/sync-stream.js';
import { analyzeRecordsWhenDue } from '../store/analyze-records-when-due.js';
import type { SqlExecutor } from '../store/database.js';
import { CODE_MODELS, getCodeModel } from './code-models.js';
import { modelStreamDef, MODEL_CONNECTOR } from './model-connector.js';
import { modelRefreshOrder, type ModelNode } from './model-graph.js';
import { checkModelSql, getModel, listModels, recordModelRun, setModelValidation } from './model-store.js';
import { markSpanFailed, withSpan } from '../observability/with-span.js';

const HEARTBEAT_MS = 5_000;

export interface ModelRefreshOptions {
  /** What started it: manual, api, schedule, job, sync:<run id>. */
  readonly trigger?: string;
  readonly signal?: AbortSignal;
  /** A pre-allocated run id (a job names its run up front). */
  readonly runId?: string;
  /** Clock handed to transforms (tests). */
  readonly now?: () => Date;
  /** Run parameters handed to transforms (a pack run's `--health-date`). */
  readonly params?: Readonly<Record<string, string>>;
}

export interface ModelRefreshSummary {
  readonly model: string;
  readonly run_id: string;
  readonly status: 'succeeded' | 'partial' | 'failed' | 'cancelled';
  /** Counts of the model's stream, as a sync reports them. */
  readonly streams: Record<string, StreamCounts>;
  /** True when a record was created, updated, removed or restored (its dependents and destinations are due). */
  readonly changed: boolean;
  readonly flags: string[];
  readonly error: { code: string; message: string } | null;
  readonly duration_ms: number;
  /** What a code model reports (the agents pack's member counts). */
  readonly details?: object;
}

/** The run name of a model's runs (`sluice runs --connection model:<name>`), also its schedule target. */
export function modelRunName(model: string): string {
  return `model:${model}`;
}

async function createModelRun(db: SqlExecutor, id: string, model: string, trigger: string): Promise<void> {
  await db.query(
    `insert into runs (id, connection_id, connection_name, kind, status, full_refresh, trigger, heartbeat_at)
     values ($1::uuid, null, $2, 'model', 'running', true, $3, now())`,
    [id, modelRunName(model), trigger],
  );
}

/**
 * Refreshes one model through the pipeline (validate → key → hash → diff → change rows and outbox events in one
 * transaction per batch; removals with grace and guard), recorded as a run of kind `model`. A failing model ends its
 * run `failed` with the reason and keeps its last good rows. Never throws for a model failure (the summary says it);
 * an unknown model is `not_found`.
 */
export function refreshModel(app: AppContext, name: string, opts: ModelRefreshOptions = {}): Promise<ModelRefreshSummary> {
  return withSpan('model', { attributes: { 'sluice.model': name, 'sluice.trigger': opts.trigger ?? 'manual' } }, async (span) => {
    const s = await refreshOneModel(app, name, opts);
    span.setAttributes({ 'sluice.run_id': s.run_id, 'sluice.status': s.status, 'sluice.changed': s.changed });
    if (s.error) markSpanFailed(span, s.error.message);
    return s;
  });
}

async function refreshOneModel(app: AppContext, name: string, opts: ModelRefreshOptions): Promise<ModelRefreshSummary> {
  const code = getCodeModel(name);
  if (code) return refreshCodeModel(app, name, (a) => code.refresh(a), opts);
  const model = await getModel(app.db, name);
  const started = Date.now();
  const runId = opts.runId ?? randomUUID();
  const trigger = opts.trigger ?? 'manual';
  const signal = opts.signal ?? new AbortController().signal;
  await createModelRun(app.db, runId, name, trigger);
  const logger = app.logger.child({ run_id: runId, model: name });
  const runCounts: Record<string, StreamCounts> = {};
  const beat = setInterval(() => {
    heartbeat(app.db, runId, runCounts).catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  let error: SluiceError | null = null;
  let cancelled = false;
  const flags: string[] = [];
  let quarantined = 0;
  try {
    await logRun(app.db, runId, 'info', `model refresh started: ${name}`, { inputs: model.inputs });
    if (model.validation !== 'ok') {
      const check = await checkModelSql(app.db, model.spec);
      await setModelValidation(app.db, name, check.problems);
      if (check.problems.length > 0) {
        throw new SluiceError('validation_failed', `model "${name}" does not fit its schema: ${check.problems.join('; ')}`, {
          details: { problems: check.problems },
        });
      }
    }
    // The model's SQL is planned from the statistics of what the syncs (and models before it) just wrote.
    await analyzeRecordsWhenDue(app.db);
    const s = model.spec.removal;
    const policy = readRemovalPolicy({
      ...(s?.misses !== undefined ? { removal_misses: s.misses } : {}),
      ...(s?.maxShare !== undefined ? { max_removal_share: s.maxShare } : {}),
      ...(s?.guardMinimum !== undefined ? { removal_guard_min: s.guardMinimum } : {}),
    });
    const outcome = await syncStream({
      db: app.db,
      config: app.config,
      logger,
      ctx: { logger, http: app.http, signal, now: opts.now ?? (() => new Date()), defaultPhoneRegion: app.config.defaultPhoneRegion },
      runId,
      connectionId: model.id,
      connectorId: MODEL_CONNECTOR,
      def: modelStreamDef(app.db, model.spec, opts.params),
      connectorConfig: null,
      full: true,
      policy,
      runCounts,
    });
    cancelled = outcome.cancelled;
    error = outcome.error;
    quarantined = outcome.counts.quarantined;
    flags.push(...outcome.flags);
  } catch (err) {
    error = toSluiceError(err);
  } finally {
    clearInterval(beat);
  }
  const counts = runCounts[name];
  const status: ModelRefreshSummary['status'] = cancelled ? 'cancelled' : error ? 'failed' : quarantined > 0 || flags.length > 0 ? 'partial' : 'succeeded';
  const err = error ? { code: error.code, message: error.message } : null;
  await finishRun(app.db, runId, { status, streams: runCounts, flags, error: err });
  await logRun(app.db, runId, status === 'failed' ? 'error' : 'info', `model refresh ${status}${err ? `: ${err.message}` : ''}`);
  await recordModelRun(app.db, name, { runId, status, error: err });
  const changed = counts ? counts.created + counts.updated + counts.removed + counts.restored > 0 : false;
  return { model: name, run_id: runId, status, streams: runCounts, changed, flags, error: err, duration_ms: Date.now() - started };
}

async function refreshCodeModel(
  app: AppContext,
  name: string,
  refresh: (app: AppContext) => Promise<object>,
  opts: ModelRefreshOptions,
): Promise<ModelRefreshSummary> {
  const started = Date.now();
  const runId = opts.runId ?? randomUUID();
  await createModelRun(app.db, runId, name, opts.trigger ?? 'manual');
  let details: object | undefined;
  let error: { code: string; message: string } | null = null;
  try {
    details = await refresh(app);
  } catch (err) {
    const e = toSluiceError(err);
    error = { code: e.code, message: e.message };
  }
  const status = error ? 'failed' : 'succeeded';
  await finishRun(app.db, runId, { status, streams: {}, flags: [], error });
  await logRun(app.db, runId, error ? 'error' : 'info', `model refresh ${status}`, details ?? error);
  return {
    model: name, run_id: runId, status, streams: {}, changed: false, flags: [], error, duration_ms: Date.now() - started,
    ...(details ? { details } : {}),
  };
}

/** Every model, declarative and code, as graph nodes. */
export async function modelNodes(db: SqlExecutor): Promise<ModelNode[]> {
  const stored = await listModels(db);
  return [...stored.map((m) => ({ name: m.name, inputs: m.inputs })), ...CODE_MODELS.map((m) => ({ name: m.name, inputs: [...m.inputs] }))];
}

export interface RefreshModelsOptions extends Omit<ModelRefreshOptions, 'runId'> {
  /** Only these models (default: every model). */
  readonly names?: readonly string[];
  /** Only models reading these streams, directly or through models that changed (the sync → model chain). */
  readonly changedStreams?: readonly string[];
  /** With `names`: also refresh the models that read a refreshed model that changed. */
  readonly downstream?: boolean;
}

/**
 * Refreshes models in dependency order (a model after the models it reads). With `changedStreams`, a model is due
 * when one of its inputs changed — a source stream of the sync, or a model refreshed before it in this pass that
 * changed — so an unchanged model does not cascade. One model's failure does not stop the others (its dependents read
 * its last good rows).
 */
export async function refreshModels(app: AppContext, opts: RefreshModelsOptions = {}): Promise<ModelRefreshSummary[]> {
  const nodes = await modelNodes(app.db);
  const known = new Set(nodes.map((n) => n.name));
  const unknown = (opts.names ?? []).filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new SluiceError('not_found', `no model named ${unknown.map((u) => `"${u}"`).join(', ')}`, { details: { known: [...known].sort() } });
  }
  const wanted = opts.names ? new Set(opts.names) : null;
  const changed = new Set(opts.changedStreams ?? []);
  const out: ModelRefreshSummary[] = [];
  for (const name of modelRefreshOrder(nodes)) {
    if (opts.signal?.aborted) break;
    const node = nodes.find((n) => n.name === name);
    const inputChanged = node?.inputs.some((i) => changed.has(i)) ?? false;
    const due = wanted ? wanted.has(name) || (opts.downstream === true && inputChanged) : opts.changedStreams ? inputChanged : true;
    if (!due) continue;
    const s = await refreshModel(app, name, {
      ...(opts.trigger ? { trigger: opts.trigger } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.params ? { params: opts.params } : {}),
    });
    out.push(s);
    if (s.changed) changed.add(name);
  }
  return out;
}

