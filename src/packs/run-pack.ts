import { performance } from 'node:perf_hooks';
import { SluiceError, toSluiceError } from '../core/errors.js';
import { runPush } from '../destinations/run-push.js';
import type { AppContext } from '../main/app-context.js';
import { refreshModels } from '../models/refresh-model.js';
import { runSync } from '../pipeline/run-sync.js';
import { resolvePackEntities } from './pack-entities.js';
import { getPack } from './pack-registry.js';
import type { PackSpec } from './pack-spec.js';
import { effectiveSettings, flattenSettings } from './pack-settings.js';
import { getPackRow, listResources, storedSettings, type PackResource } from './pack-state.js';
import { renderTemplate } from './render-template.js';
import { markSpanFailed, withSpan } from '../observability/with-span.js';

export type StepStatus = 'succeeded' | 'partial' | 'failed' | 'cancelled';

/** One step of a pack run, in the order it ran. */
export interface PackRunStep {
  readonly kind: 'sync' | 'resolve' | 'model' | 'push';
  readonly part: string;
  readonly name: string;
  readonly status: StepStatus;
  /** sync: per-stream counts; resolve: merged / review; model: counts; push: plan, pushed, pulled. */
  readonly counts?: Record<string, unknown>;
  readonly run_id?: string;
  readonly error?: string;
  readonly duration_ms: number;
}

export interface PackRunSummary {
  readonly pack: string;
  readonly run_id: string;
  /** succeeded: every step; partial: some failed or were partial; failed: nothing succeeded. Exit 0 / 2 / 1. */
  readonly status: 'succeeded' | 'partial' | 'failed';
  readonly steps: readonly PackRunStep[];
  readonly duration_ms: number;
}

export interface RunPackOptions {
  readonly trigger?: string;
  readonly signal?: AbortSignal;
  /** Parameters handed to the pack's model transforms (msp-dashboards: `health_date`). */
  readonly params?: Readonly<Record<string, string>>;
  /** Clock for the pack's model transforms (tests). */
  readonly now?: () => Date;
}

function pullOf(spec: PackSpec, r: PackResource): boolean {
  const [template] = r.instance.split('/');
  const list = r.instance === '' ? spec.destinations : (spec.instances[template ?? '']?.destinations ?? []);
  return list.find((d) => d.id === r.part)?.pull ?? false;
}

async function retentionDays(app: AppContext, spec: PackSpec): Promise<number | undefined> {
  const v = spec.retention_days;
  if (typeof v === 'number') return v;
  const row = await getPackRow(app.db, spec.id);
  const values = effectiveSettings(flattenSettings(spec.settings), storedSettings(app.secrets, row)).values;
  const n = Number(renderTemplate(v, (name) => values[name]).value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function overall(steps: readonly PackRunStep[]): PackRunSummary['status'] {
  if (steps.length === 0) return 'succeeded';
  const ok = steps.filter((s) => s.status === 'succeeded').length;
  if (ok === steps.length) return 'succeeded';
  return steps.some((s) => s.status === 'succeeded' || s.status === 'partial') ? 'partial' : 'failed';
}

/**
 * `sluice pack run <id>`: syncs the pack's connections, resolves its entities, refreshes its models and pushes its
 * destinations, in that order (the order data flows). A failing step does not stop the others: a push still sends
 * what the last good sync stored, a model keeps its last good rows. Recorded in pack_runs with its summary.
 */
export function runPack(app: AppContext, id: string, opts: RunPackOptions = {}): Promise<PackRunSummary> {
  return withSpan('pack.run', { attributes: { 'sluice.pack': id, 'sluice.trigger': opts.trigger ?? 'manual' } }, async (span) => {
    const s = await runPackSteps(app, id, opts);
    span.setAttributes({ 'sluice.run_id': s.run_id, 'sluice.status': s.status, 'sluice.steps': s.steps.length });
    if (s.status === 'failed') markSpanFailed(span, 'every step failed');
    return s;
  });
}

async function runPackSteps(app: AppContext, id: string, opts: RunPackOptions): Promise<PackRunSummary> {
  const spec = getPack(id);
  const row = await getPackRow(app.db, id);
  if (!row) throw new SluiceError('conflict', `pack "${id}" is not installed: run sluice pack install ${id}`);
  if (row.status === 'needs_credentials') {
    throw new SluiceError('pack_needs_credentials', `pack "${id}" still needs ${row.missing.join(', ')}: give them with sluice pack install ${id} --set <key>=<value>`, {
      details: { missing: row.missing },
    });
  }
  const started = performance.now();
  const trigger = opts.trigger ?? 'manual';
  const { rows } = await app.db.query<{ id: string }>(
    `insert into pack_runs (pack_id, status, trigger) values ($1, 'running', $2) returning id::text as id`,
    [id, trigger],
  );
  const runId = (rows[0] as { id: string }).id;
  const resources = await listResources(app.db, id);
  const steps: PackRunStep[] = [];
  const step = async (kind: PackRunStep['kind'], part: string, name: string, fn: () => Promise<Omit<PackRunStep, 'kind' | 'part' | 'name' | 'duration_ms'>>) => {
    const t0 = performance.now();
    if (opts.signal?.aborted) {
      steps.push({ kind, part, name, status: 'cancelled', duration_ms: 0 });
      return;
    }
    try {
      steps.push({ kind, part, name, ...(await fn()), duration_ms: Math.round(performance.now() - t0) });
    } catch (err) {
      steps.push({ kind, part, name, status: 'failed', error: toSluiceError(err).message, duration_ms: Math.round(performance.now() - t0) });
    }
  };
  try {
    const changedStreams = new Set<string>();
    // An inactive connection (a deactivated dealer) keeps its data and runs nothing.
    const inactive = new Set((await app.db.query<{ name: string }>('select name from connections where not enabled')).rows.map((x) => x.name));
    for (const r of resources.filter((x) => x.kind === 'connection' && !inactive.has(x.name))) {
      await step('sync', r.part, r.name, async () => {
        const s = await runSync(app, { connection: r.name, trigger: `pack:${trigger}`, ...(opts.signal ? { signal: opts.signal } : {}), ...(opts.now ? { now: opts.now } : {}) });
        for (const [stream, c] of Object.entries(s.streams)) {
          const counts = c as unknown as Record<string, number>;
          if ((counts.created ?? 0) + (counts.updated ?? 0) + (counts.removed ?? 0) + (counts.restored ?? 0) > 0) changedStreams.add(stream);
        }
        return { status: s.status, run_id: s.run_id, counts: s.streams, ...(s.errors[0] ? { error: s.errors.map((e) => `${e.stream}: ${e.message}`).join('; ') } : {}) };
      });
    }
    for (const e of spec.entities) {
      await step('resolve', e.stream, e.type, async () => {
        const r = await resolvePackEntities(app, e);
        return {
          status: r.status,
          ...(r.resolution ? { run_id: r.resolution.run_id, counts: { ...r.ingest, ...r.resolution } } : {}),
          ...(r.error ? { error: r.error } : {}),
        };
      });
    }
    const modelNames = resources.filter((x) => x.kind === 'model').map((x) => x.name);
    if (modelNames.length > 0) {
      const t0 = performance.now();
      try {
        const summaries = await refreshModels(app, {
          names: modelNames, downstream: true, trigger: `pack:${id}`, ...(opts.signal ? { signal: opts.signal } : {}),
          ...(opts.params ? { params: opts.params } : {}), ...(opts.now ? { now: opts.now } : {}),
        });
        for (const s of summaries) {
          steps.push({
            kind: 'model', part: s.model, name: s.model, status: s.status, run_id: s.run_id, counts: s.streams,
            ...(s.error ? { error: s.error.message } : {}), duration_ms: s.duration_ms,
          });
        }
      } catch (err) {
        steps.push({ kind: 'model', part: '*', name: modelNames.join(','), status: 'failed', error: toSluiceError(err).message, duration_ms: Math.round(performance.now() - t0) });
      }
    }
    // Destinations in declaration order: a relation's target database is pushed before the database pointing at it.
    for (const r of resources.filter((x) => x.kind === 'destination')) {
      await step('push', r.part, r.name, async () => {
        const s = await runPush(app, { destination: r.name, pull: pullOf(spec, r), ...(opts.signal ? { signal: opts.signal } : {}) });
        return {
          status: s.status === 'planned' ? 'succeeded' : s.status,
          counts: { plan: s.plan, calls: s.calls, pushed: s.pushed, failed: s.failed, ...(s.pulled === undefined ? {} : { pulled: s.pulled }) },
          ...(s.failures[0] ? { error: s.failures[0].message } : {}),
        };
      });
    }
    if (spec.retention_days !== undefined) {
      const days = await retentionDays(app, spec);
      const conns = resources.filter((x) => x.kind === 'connection').map((x) => x.name);
      if (days !== undefined && conns.length > 0) {
        // Raw runs age out; the change history (changes rows) is kept forever.
        await app.db.query(
          `delete from runs where connection_name = any($1::text[]) and finished_at < now() - ($2::int * interval '1 day')`,
          [conns, days],
        );
      }
    }
  } finally {
    const status = overall(steps);
    const summary: PackRunSummary = { pack: id, run_id: runId, status, steps, duration_ms: Math.round(performance.now() - started) };
    await app.db.query(`update pack_runs set status = $2, summary = $3::jsonb, finished_at = now() where id = $1`, [runId, status, JSON.stringify(summary)]);
  }
  const summary: PackRunSummary = { pack: id, run_id: runId, status: overall(steps), steps, duration_ms: Math.round(performance.now() - started) };
  app.logger.info({ pack: id, status: summary.status, steps: steps.length }, 'pack run finished');
  return summary;
}
