import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { isHealthyCall, lastUpstreamCalls } from '../http/upstream-health.js';
import type { Database } from '../store/database.js';
import { componentHealthy, componentLatency } from './server-metrics.js';

export type ComponentStatus = 'ok' | 'degraded' | 'fail';

export interface ComponentHealth {
  readonly name: string;
  readonly status: ComponentStatus;
  readonly latency_ms: number;
  readonly message?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly failing: string[];
  readonly components: ComponentHealth[];
}

/** Optional probes for parts that live in other modules (the job queue). */
export interface HealthProbes {
  readonly jobQueue?: () => Promise<{ ok: boolean; message?: string }>;
  readonly breakerStates?: () => Record<string, 'closed' | 'open' | 'half_open'>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Upstream ids as the components people know them by. */
const COMPONENT_NAMES: Readonly<Record<string, string>> = { 'unifi-site-manager': 'unifi', 'azure-key-vault': 'key_vault', 'azure-ad': 'azure_ad' };

/** Heap in use against V8's limit: degraded above 90 % (the process is close to running out). */
export function memoryHealth(): ComponentHealth {
  const t0 = performance.now();
  const m = process.memoryUsage();
  const limit = getHeapStatistics().heap_size_limit;
  const share = m.heapUsed / limit;
  const mb = (n: number) => Math.round(n / 1_048_576);
  return {
    name: 'memory',
    status: share > 0.9 ? 'degraded' : 'ok',
    latency_ms: performance.now() - t0,
    message: `RSS ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} of ${mb(limit)} MB`,
  };
}

async function timed(name: string, fn: () => Promise<{ ok: boolean; message?: string }>): Promise<ComponentHealth> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      fn(),
      new Promise<{ ok: boolean; message: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, message: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, status: r.ok ? 'ok' : 'fail', latency_ms: performance.now() - t0, ...(r.message ? { message: r.message } : {}) };
  } catch (err) {
    return { name, status: 'fail', latency_ms: performance.now() - t0, message: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness: the database answers, the job queue answers, the data folder has room. Upstream breakers are reported
 * (an open breaker is `degraded`) but do not fail readiness: one upstream being down must not take the API out of a
 * load balancer (DESIGN.md failure domains), and the breaker already fails the calls fast.
 */
export async function checkReadiness(deps: { db: Database; dataDir: string; diskMinMb: number; probes: HealthProbes }): Promise<ReadinessReport> {
  const checks: Promise<ComponentHealth>[] = [
    timed('database', async () => {
      await deps.db.query('select 1');
      return { ok: true };
    }),
  ];
  // The data folder holds the embedded database, the key file and exports, whichever database is in use.
  if (existsSync(deps.dataDir)) {
    checks.push(
      timed('disk', async () => {
        const s = await statfs(deps.dataDir);
        const freeMb = (s.bavail * s.bsize) / 1_048_576;
        return freeMb >= deps.diskMinMb
          ? { ok: true, message: `${Math.round(freeMb)} MB free` }
          : { ok: false, message: `${Math.round(freeMb)} MB free, below the ${deps.diskMinMb} MB minimum` };
      }),
    );
  }
  if (deps.probes.jobQueue) checks.push(timed('job_queue', deps.probes.jobQueue));
  const components = await Promise.all(checks);
  components.push(memoryHealth());
  // Each upstream this process has talked to (Notion, UniFi, NinjaOne, Key Vault…): its last call and latency. A
  // failing upstream is degraded, never a readiness failure (failure domains).
  const nowMs = Date.now();
  for (const [upstream, call] of lastUpstreamCalls()) {
    components.push({
      name: COMPONENT_NAMES[upstream] ?? upstream,
      status: isHealthyCall(call) ? 'ok' : 'degraded',
      latency_ms: call.latencyMs,
      message: `last call ${call.status}, ${Math.round((nowMs - call.at) / 1000)} s ago`,
    });
  }
  for (const [upstream, state] of Object.entries(deps.probes.breakerStates?.() ?? {})) {
    components.push({
      name: `upstream:${upstream}`,
      status: state === 'closed' ? 'ok' : 'degraded',
      latency_ms: 0,
      message: `circuit ${state}`,
    });
  }
  for (const c of components) {
    componentHealthy.set({ component: c.name }, c.status === 'fail' ? 0 : 1);
    componentLatency.set({ component: c.name }, c.latency_ms / 1000);
  }
  const failing = components.filter((c) => c.status === 'fail').map((c) => c.name);
  return { ready: failing.length === 0, failing, components };
}
