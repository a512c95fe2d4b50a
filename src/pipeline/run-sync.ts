import { writeAudit } from '../auth/audit-log.js';
import { getConnector } from '../connectors/registry.js';
import type { ConnectorContext } from '../core/connector.js';
import { SluiceError, toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { loadConnectionConfig } from '../store/connection-store.js';
import { recordsTotal, syncErrorsTotal, syncRunsTotal } from './pipeline-metrics.js';
import { createRun, finishRun, heartbeat, logRun, type RunStatus } from './run-repository.js';

const HEARTBEAT_MS = 5_000;
import { syncStream, type StreamCounts } from './sync-stream.js';
import { readRemovalPolicy } from '../core/pipeline-settings.js';
import { resolveStoragePaths } from '../storage/resolve-storage-paths.js';

export interface RunSyncOptions {
  readonly connection: string;
  /** Only these streams (default: all of the connection's streams). */
  readonly streams?: readonly string[];
  /** Ignore stored cursors and re-read everything. */
  readonly full?: boolean;
  readonly signal?: AbortSignal;
  /** What started the run: manual, schedule, api, job. */
  readonly trigger?: string;
  /** A pre-allocated run id (jobs create it up front so a cancel can name it). */
  readonly runId?: string;
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
export async function runSync(app: AppContext, opts: RunSyncOptions): Promise<SyncSummary> {
  const started = Date.now();
  const loaded = await loadConnectionConfig(app.db, app.secrets, opts.connection);
  const connection = loaded.connection;
  const config = await resolveStoragePaths(app.storage, loaded.config);
  const connector = getConnector(connection.connector);
  const secretKeys = connector.manifest.secrets.filter((k) => config[k] !== undefined);
  if (secretKeys.length > 0) {
    // Every secret read is audited (names only, never values).
    await writeAudit(app.db, {
      actor: `sync:${opts.trigger ?? 'manual'}`, action: 'secret.read', target: `connection:${connection.name}`,
      details: { keys: secretKeys, purpose: 'sync' },
    });
  }
  const all = connector.streams(config);
  const wanted = opts.streams?.length ? opts.streams : all.map((s) => s.name);
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length) {
    throw new SluiceError('stream_unknown', `connection "${connection.name}" has no stream ${unknown.map((u) => `"${u}"`).join(', ')}`, {
      details: { known: all.map((s) => s.name) },
    });
  }
  const signal = opts.signal ?? new AbortController().signal;
  const runId = await createRun(app.db, {
    ...(opts.runId ? { id: opts.runId } : {}),
    connectionId: connection.id,
    connectionName: connection.name,
    full: opts.full ?? false,
    trigger: opts.trigger ?? 'manual',
  });
  const logger = app.logger.child({ run_id: runId, connection: connection.name });
  const ctx: ConnectorContext = {
    logger,
    http: app.http,
    signal,
    now: opts.now ?? (() => new Date()),
    defaultPhoneRegion: app.config.defaultPhoneRegion,
  };
  const settings = await loadSettings(app, connection.id);
  const runCounts: Record<string, StreamCounts> = {};
  const flags: string[] = [];
  const errors: SyncSummary['errors'] = [];
  let cancelled = false;
  let quarantined = 0;
  let incomplete = false;
  await logRun(app.db, runId, 'info', `sync started: ${wanted.join(', ')}`, { full: opts.full ?? false });
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
