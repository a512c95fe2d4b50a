import { performance } from 'node:perf_hooks';
import { toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import type { PushSummary } from './destination.js';
import { loadDestination } from './destination-store.js';
import { destinationDriver } from './destination-drivers.js';
import { markSpanFailed, withSpan } from '../observability/with-span.js';

export { listDestinationsForStream } from './destination-store.js';

export interface RunPushOptions {
  readonly destination: string;
  readonly dryRun?: boolean;
  /** Two-way destinations: also pull people's edits back (Notion human-owned properties). */
  readonly pull?: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Pushes a destination's pending changes (the entry point for the CLI, the API and jobs). A dry run only plans.
 * Each real push is recorded in destination_pushes with its summary, also when it fails.
 */
export function runPush(app: AppContext, opts: RunPushOptions): Promise<PushSummary> {
  return withSpan('push', { attributes: { 'sluice.destination': opts.destination, 'sluice.dry_run': opts.dryRun ?? false } }, async (span) => {
    const s = await pushDestination(app, opts);
    span.setAttributes({ 'sluice.status': s.status, 'sluice.calls': s.calls, 'sluice.pushed': s.pushed, 'sluice.failed': s.failed });
    if (s.status === 'failed') markSpanFailed(span, s.failures[0]?.message ?? 'push failed');
    return s;
  });
}

async function pushDestination(app: AppContext, opts: RunPushOptions): Promise<PushSummary> {
  const started = performance.now();
  const dest = await loadDestination(app.db, app.secrets, opts.destination);
  const driver = destinationDriver(dest.kind);
  const dryRun = opts.dryRun ?? false;
  const { rows } = await app.db.query<{ id: string }>(
    `insert into destination_pushes (destination_id, status, dry_run) values ($1, 'running', $2) returning id`,
    [dest.id, dryRun],
  );
  const pushId = (rows[0] as { id: string }).id;
  try {
    const result = await driver.push(app, dest, { dryRun, pull: opts.pull ?? false, signal: opts.signal });
    const summary: PushSummary = { ...result, durationMs: Math.round(performance.now() - started), pushId };
    const stored = { ...summary, failures: summary.failures.slice(0, 500), items: summary.items?.slice(0, 100) };
    await app.db.query(
      `update destination_pushes set status = $2, summary = $3::jsonb, finished_at = now() where id = $1`,
      [pushId, summary.status === 'planned' ? 'succeeded' : summary.status, JSON.stringify(stored)],
    );
    app.logger.info({ destination: dest.name, status: summary.status, calls: summary.calls, pushed: summary.pushed, failed: summary.failed }, 'push finished');
    return summary;
  } catch (err) {
    const e = toSluiceError(err);
    await app.db.query(
      `update destination_pushes set status = 'failed', summary = $2::jsonb, finished_at = now() where id = $1`,
      [pushId, JSON.stringify({ error: e.toJSON(), durationMs: Math.round(performance.now() - started) })],
    );
    throw e;
  }
}
