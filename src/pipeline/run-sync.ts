import { writeAudit } from '../auth/audit-log.js';
import { getConnector } from '../connectors/registry.js';
import type { ConnectorContext, SourceConnector, StreamDef } from '../core/connector.js';
import { resolveReadRange, type ReadRange, type ReadRangeInput } from '../core/read-range.js';
import { SluiceError, toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { resolveConnectionSecrets } from '../secrets/resolve-connection-secrets.js';
import { loadConnectionConfig } from '../store/connection-store.js';
import { recordsTotal, syncErrorsTotal, syncRunsTotal } from './pipeline-metrics.js';
import { createRun, finishRun, heartbeat, logRun, type RunStatus } from './run-repository.js';

const HEARTBEAT_MS = 5_000;
import { buildPendingIndexes } from '../store/stream-indexes.js';
import { syncStream, type StreamCounts } from './sync-stream.js';
import { readRemovalPolicy } from '../core/pipeline-settings.js';
import { resolveStoragePaths } from '../storage/resolve-storage-paths.js';
import { markSpanFailed, withSpan } from '../observability/with-span.js';

export interface RunSyncOptions {
  readonly connection: string;
  /** Only these streams (default: all of the connection's streams). */
  readonly streams?: readonly string[];
  /** Ignore stored cursors and re-read everything. */
  readonly full?: boolean;
  /** Read this range of source time instead of "since the cursor" (a manual run); the cursor never moves back. */
  readonly range?: ReadRangeInput;
  readonly signal?: AbortSignal;
  /** What started the run: manual, schedule, api, job. */
  readonly trigger?: string;
  /** A pre-allocated run id (jobs create it up front so a cancel can name it). */
  readonly runId?: string;
  /** The job running this sync (the history cancels and retries through it). */
  readonly jobId?: string;
  readonly onProgress?: (stream: string, counts: StreamCounts) => void;
  /** Injected clock for connectors (tests). */
  readonly now?: () => Date;
}

export interface SyncSummary {
  readonly run_id: string;
  readonly connection: string;
  readonly status: Exclude<RunStatus, 'queued' | 'running'>;
  readonly streams: Record<string, StreamCounts>;
  readonly flags: string[];
  readonly errors: { stream: string; code: string; message: string }[];
  readonly duration_ms: number;
}

/**
 * Syncs a connection's streams into the store. Streams fail independently: one stream's error does not stop the
 * others, and no failed, cancelled or incomplete stream advances its cursor.
 */
export function runSync(app: AppContext, opts: RunSyncOptions): Promise<SyncSummary> {
  return withSpan('sync', { attributes: { 'sluice.connection': opts.connection, 'sluice.trigger': opts.trigger ?? 'manual' } }, async (span) => {
    const s = await syncConnection(app, opts);
    span.setAttributes({ 'sluice.run_id': s.run_id, 'sluice.status': s.status });
    if (s.status === 'failed') markSpanFailed(span, s.errors[0]?.message ?? 'sync failed');
    return s;
  });
}

async function syncConnection(app: AppContext, opts: RunSyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const { connection, config: stored } = await loadConnectionConfig(app.db, app.secrets, opts.connection);
  const connector = getConnector(connection.connector);
  const secretKeys = connector.manifest.secrets.filter((k) => stored[k] !== undefined);
  if (secretKeys.length > 0) {
    // Every secret read is audited (names only, never values).
    await writeAudit(app.db, {
      actor: `sync:${opts.trigger ?? 'manual'}`, action: 'secret.read', target: `connection:${connection.name}`,
      details: { keys: secretKeys, purpose: 'sync' },
    });
  }
  // Key Vault references are resolved at use (each read audited with its source).
  const config = await resolveStoragePaths(app.storage, await resolveConnectionSecrets(app, connection.name, stored, secretKeys, 'sync'));
  const all = connector.streams(config);
  const wanted = selectStreams(connection.name, all, opts.streams);
  const now = opts.now ?? (() => new Date());
  // Planned before the run exists and before any request: a range the source cannot serve is refused up front.
  const ranged = opts.range ? planRangeSync(connector, config, all.filter((s) => wanted.includes(s.name)), opts.range, now(), opts.full) : undefined;
  const signal = opts.signal ?? new AbortController().signal;
  const runId = await createRun(app.db, {
    ...(opts.runId ? { id: opts.runId } : {}),
    connectionId: connection.id,
    connectionName: connection.name,
    full: opts.full ?? false,
    trigger: opts.trigger ?? 'manual',
    ...(ranged ? { range: ranged.range } : {}),
    ...(opts.jobId ? { jobId: opts.jobId } : {}),
    streams: wanted,
  });
  const logger = app.logger.child({ run_id: runId, connection: connection.name });
  const ctx: ConnectorContext = {
    logger,
    http: app.http,
    signal,
    now,
    defaultPhoneRegion: app.config.defaultPhoneRegion,
  };
  const settings = await loadSettings(app, connection.id);
  const runCounts: Record<string, StreamCounts> = {};
  const flags: string[] = [];
  const errors: SyncSummary['errors'] = [];
  let cancelled = false;
  let quarantined = 0;
  let incomplete = false;
  await logRun(app.db, runId, 'info', `sync started: ${wanted.join(', ')}`, {
    full: opts.full ?? false,
    ...(ranged ? { range: { from: ranged.range.from.toISOString(), to: ranged.range.to.toISOString() }, windows: ranged.windows.get(wanted[0]!)?.length } : {}),
  });
  // A heartbeat independent of batches: a slow source (ui.com paces 133 requests) must not look like a dead run.
  const beat = setInterval(() => {
    heartbeat(app.db, runId, runCounts).catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  try {
    for (const def of all.filter((s) => wanted.includes(s.name))) {
      if (signal.aborted) {
        cancelled = true;
        break;
      }
      const outcome = await syncStream({
        db: app.db, config: app.config, logger, ctx, runId, connectionId: connection.id, connectorId: connector.manifest.id,
        def, connectorConfig: config, full: opts.full ?? false, policy: readRemovalPolicy(settings),
        volatileSetting: typeof settings.volatile_fields === 'string' ? settings.volatile_fields : '',
        ...(ranged ? { range: { range: ranged.range, windows: ranged.windows.get(def.name) ?? [] } } : {}),
        runCounts, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      Object.assign(runCounts, outcome.children);
      for (const [name, c] of [[def.name, outcome.counts] as const, ...Object.entries(outcome.children)]) {
        quarantined += c.quarantined;
        for (const outcomeName of ['created', 'updated', 'unchanged', 'removed', 'restored', 'quarantined'] as const) {
          if (c[outcomeName] > 0) recordsTotal.inc({ connector: connector.manifest.id, stream: name, outcome: outcomeName }, c[outcomeName]);
        }
      }
      flags.push(...outcome.flags.map((f) => `${def.name}: ${f}`), ...outcome.incomplete.map((r) => `${def.name}: incomplete: ${r}`));
      if (outcome.incomplete.length > 0) incomplete = true;
      if (outcome.cancelled) {
        cancelled = true;
        break;
      }
      if (outcome.error) {
        errors.push({ stream: def.name, code: outcome.error.code, message: outcome.error.message });
        syncErrorsTotal.inc({ connector: connector.manifest.id, stream: def.name, code: outcome.error.code });
        await logRun(app.db, runId, 'error', `${def.name}: ${outcome.error.message}`, { code: outcome.error.code });
      } else {
        await logRun(app.db, runId, 'info', `${def.name}: done`, outcome.counts);
        // Indexes declared before the stream existed are built once it does (outside every transaction of the run).
        for (const name of [def.name, ...(def.children ?? []).map((c) => c.name)]) {
          await buildPendingIndexes(app.db, name).catch((err: unknown) =>
            logger.warn({ stream: name, err: (err as Error).message }, 'a declared stream index could not be built'));
        }
      }
    }
  } catch (err) {
    const e = toSluiceError(err);
    errors.push({ stream: '*', code: e.code, message: e.message });
  } finally {
    clearInterval(beat);
  }
  const status: SyncSummary['status'] = cancelled
    ? 'cancelled'
    : errors.length > 0
      ? errors.length >= wanted.length ? 'failed' : 'partial'
      : quarantined > 0 || incomplete || flags.length > 0 ? 'partial' : 'succeeded';
  await finishRun(app.db, runId, {
    status,
    streams: runCounts,
    flags,
    error: errors.length ? { code: errors[0]!.code, message: errors[0]!.message, streams: errors } : null,
  });
  await logRun(app.db, runId, status === 'failed' ? 'error' : 'info', `sync ${status}`);
  syncRunsTotal.inc({ connector: connector.manifest.id, status });
  return { run_id: runId, connection: connection.name, status, streams: runCounts, flags, errors, duration_ms: Date.now() - started };
}

async function loadSettings(app: AppContext, connectionId: string): Promise<Record<string, unknown>> {
  const { rows } = await app.db.query<{ settings: Record<string, unknown> }>('select settings from connections where id = $1::uuid', [connectionId]);
  return rows[0]?.settings ?? {};
}

/** The streams a run covers, by name or alias (`pkb` for `dgi_pkb`), in the connector's order; unknown names refused. */
export function selectStreams(connection: string, all: readonly StreamDef[], requested: readonly string[] | undefined): string[] {
  if (!requested?.length) return all.map((s) => s.name);
  const byName = (n: string) => all.find((s) => s.name === n || s.aliases?.includes(n));
  const unknown = requested.filter((n) => !byName(n));
  if (unknown.length) {
    throw new SluiceError('stream_unknown', `connection "${connection}" has no stream ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      details: { known: all.map((s) => (s.aliases?.length ? `${s.name} (${s.aliases.join(', ')})` : s.name)) },
    });
  }
  const names = new Set(requested.map((n) => byName(n)!.name));
  return all.filter((s) => names.has(s.name)).map((s) => s.name);
}

export interface RangePlan {
  readonly range: ReadRange;
  /** Windows per stream name, oldest first. */
  readonly windows: ReadonlyMap<string, readonly ReadRange[]>;
}

/**
 * Resolves and plans a manual range for the selected streams, before any request. Every stream must support range
 * reads; the first stream's zone reads the dates (a connection's streams share one source clock).
 */
export function planRangeSync<C>(
  connector: SourceConnector<C>,
  config: C,
  defs: readonly StreamDef<C>[],
  input: ReadRangeInput,
  now: Date,
  full?: boolean,
): RangePlan {
  if (full) throw new SluiceError('range_invalid', '--full and --from/--to exclude each other: a range run reads just the range');
  const unsupported = defs.filter((d) => !d.range).map((d) => d.name);
  if (unsupported.length) {
    throw new SluiceError('range_unsupported', `${connector.manifest.id} stream(s) ${unsupported.join(', ')} cannot read a date range; run them without --from/--to`);
  }
  const first = defs[0]?.range;
  if (!first) throw new SluiceError('range_invalid', 'no stream selected');
  const range = resolveReadRange(input, first.timeZone(config), now);
  return { range, windows: new Map(defs.map((d) => [d.name, d.range!.plan(config, range, now)])) };
}
