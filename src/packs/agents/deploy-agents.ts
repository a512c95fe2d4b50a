import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSluiceError } from '../../core/errors.js';
import type { AppContext } from '../../main/app-context.js';
import type { MigrateResult } from '../../store/migrate.js';
import { agentsDataQuality, buildUnifiedMembers, loadAgentSources, resolveAgents, type AgentsDataQuality } from './agents-pipeline.js';
import { verifyAgentsDeployment, type VerificationResult } from './verify-deployment.js';

export const SAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), 'sample');

export type DeployMode = 'full' | 'ddl-only' | 'data-only';

export interface DeployOptions {
  readonly mode: DeployMode;
  readonly verify: boolean;
  readonly pipeline: boolean;
  readonly agentsDir: string;
  /** Re-resolve every agent instead of only what changed. */
  readonly rebuild?: boolean;
  /** Applies migrations; given by the caller, which owns the database. */
  readonly migrate: () => Promise<MigrateResult>;
}

export interface DeployStep {
  readonly name: string;
  readonly status: 'succeeded' | 'failed' | 'skipped';
  readonly duration_ms: number;
  readonly counts?: Record<string, unknown>;
  readonly error?: { code: string; message: string };
}

export interface DeploymentReport {
  readonly deployment_id: string;
  readonly pack: 'agents';
  readonly mode: DeployMode;
  readonly status: 'succeeded' | 'failed';
  readonly database: string;
  readonly agents_dir: string;
  readonly started_at: string;
  readonly finished_at: string;
  readonly duration_ms: number;
  readonly steps: DeployStep[];
  readonly verification: VerificationResult | null;
  readonly data_quality: AgentsDataQuality | null;
  readonly warnings: string[];
  readonly error: { code: string; message: string } | null;
}

/**
 * `sluice deploy` for the agents pack (the seed's `deploy.py`): migrations, verification, CSV load, member model,
 * resolution into master agents, then a report. Every step is timed and counted; the first failure stops the
 * deployment and is in the report, which is produced either way.
 */
export async function deployAgents(app: AppContext, opts: DeployOptions): Promise<DeploymentReport> {
  const started = new Date();
  const steps: DeployStep[] = [];
  const warnings: string[] = [];
  let verification: VerificationResult | null = null;
  let error: { code: string; message: string } | null = null;
  const step = async (name: string, fn: () => Promise<Record<string, unknown>>): Promise<boolean> => {
    const t = Date.now();
    try {
      const counts = await fn();
      steps.push({ name, status: 'succeeded', duration_ms: Date.now() - t, counts });
      return true;
    } catch (err) {
      const e = toSluiceError(err);
      error = { code: e.code, message: e.message };
      steps.push({ name, status: 'failed', duration_ms: Date.now() - t, error });
      return false;
    }
  };
  const skip = (name: string) => steps.push({ name, status: 'skipped', duration_ms: 0 });
  const ddl = opts.mode !== 'data-only';
  const data = opts.mode !== 'ddl-only';
  let ok = true;
  if (ddl) {
    ok = await step('migrate', async () => {
      const r = await opts.migrate();
      return { applied: r.applied, already_applied: r.alreadyApplied };
    });
  } else skip('migrate');
  if (ok && opts.verify) {
    ok = await step('verify', async () => {
      verification = await verifyAgentsDeployment(app.db);
      const missing = verification.checks.filter((c) => !c.present);
      if (missing.length) throw new Error(`missing: ${missing.map((c) => `${c.kind} ${c.name}`).join(', ')}`);
      return { checks: verification.checks.length, missing: 0 };
    });
  } else if (!opts.verify) skip('verify');
  if (ok && data) {
    ok = await step('load_csv', async () => {
      const runs = await loadAgentSources(app, opts.agentsDir);
      const failed = runs.filter((r) => r.status === 'failed' || r.status === 'cancelled');
      if (failed.length) throw new Error(failed.map((r) => `${r.connection}: ${r.errors.map((e) => e.message).join('; ')}`).join(' | '));
      for (const r of runs) {
        for (const [stream, c] of Object.entries(r.streams)) if (c.quarantined > 0) warnings.push(`${stream}: ${c.quarantined} row(s) quarantined`);
        warnings.push(...r.flags);
      }
      return Object.fromEntries(runs.flatMap((r) => Object.entries(r.streams).map(([s, c]) => [s, { ...c, run_id: r.run_id, status: r.status }])));
    });
  } else if (!data) skip('load_csv');
  if (ok && data && opts.pipeline) {
    ok = await step('unified_members', async () => {
      const m = await buildUnifiedMembers(app);
      if (m.issues > 0) warnings.push(`${m.issues} member value(s) could not be normalised (see unified_members.issue_samples)`);
      return { ...m };
    });
    if (ok) ok = await step('resolve_agents', async () => ({ ...(await resolveAgents(app, { full: opts.rebuild ?? false })) }));
  } else if (!opts.pipeline || !data) {
    skip('unified_members');
    skip('resolve_agents');
  }
  let dataQuality: AgentsDataQuality | null = null;
  if (ok) {
    try {
      dataQuality = await agentsDataQuality(app.db);
    } catch (err) {
      warnings.push(`data quality unavailable: ${(err as Error).message}`);
    }
  }
  const finished = new Date();
  return {
    deployment_id: randomUUID(), pack: 'agents', mode: opts.mode, status: ok ? 'succeeded' : 'failed', database: app.db.kind,
    agents_dir: opts.agentsDir, started_at: started.toISOString(), finished_at: finished.toISOString(),
    duration_ms: finished.getTime() - started.getTime(), steps, verification, data_quality: dataQuality, warnings, error,
  };
}
