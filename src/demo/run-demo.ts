import { evaluateDashboard } from '../dashboards/evaluate-dashboard.js';
import type { EvaluatedDashboard } from '../dashboards/dashboard-view.js';
import type { AppContext } from '../main/app-context.js';
import { installPack, type InstallResult } from '../packs/install-pack.js';
import { loadPacks } from '../packs/pack-registry.js';
import { runPack, type PackRunSummary } from '../packs/run-pack.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
import type { Sandbox } from '../sandbox/sandbox-app.js';
import { createConnection, listConnections } from '../store/connection-store.js';

interface DemoCredentials {
  'unifi-site-manager'?: { api_key: string };
  ninjaone?: { client_id: string; client_secret: string };
  dgi?: { dealer_id: string; dealer_name: string; api_key: string; secret_key: string }[];
}

/** One change as the demo shows it after the world moved. */
export interface DemoChange {
  readonly stream: string;
  readonly key: string;
  readonly kind: string;
  readonly fields: string[];
}

export interface DemoStep {
  readonly title: string;
  readonly installs: InstallResult[];
  readonly packs: PackRunSummary[];
  /** Upstreams no pack covers yet, synced as plain connections. */
  readonly syncs: SyncSummary[];
  /** What changed in this step (after the first). */
  readonly changes: DemoChange[];
  /** Each installed pack's dashboards, evaluated. */
  readonly dashboards: EvaluatedDashboard[];
}

/**
 * The end-to-end demo against the simulators: every pack installs with `--sandbox` (no credentials), runs, the
 * simulated world moves one step, every pack runs again, and the demo shows what changed and each pack's dashboard.
 * Upstreams that no pack uses yet are synced as plain connections so every simulator is exercised.
 */
export async function runDemo(app: AppContext, sandbox: Sandbox, report: (step: DemoStep) => void): Promise<DemoStep[]> {
  const base = sandbox.url(sandbox.prefixes[0] as string).replace(/\/[^/]+$/, '');
  const source = { url: base, credentials: sandbox.credentials() };
  const packs = loadPacks();
  const installs: InstallResult[] = [];
  for (const p of packs) installs.push(await installPack(app, p.id, { sandbox: source }));
  const used = new Set(packs.flatMap((p) => [...p.connections, ...Object.values(p.instances).flatMap((i) => i.connections)].map((c) => c.connector)));
  const creds = sandbox.credentials() as DemoCredentials;
  const existing = new Set((await listConnections(app.db)).map((c) => c.name));
  const plain: string[] = [];
  const add = async (name: string, connector: string, config: Record<string, unknown>) => {
    if (used.has(connector)) return;
    if (!existing.has(name)) await createConnection(app.db, app.secrets, { name, connector, config });
    plain.push(name);
  };
  if (creds['unifi-site-manager']) await add('unifi', 'unifi-site-manager', { base_url: sandbox.url('unifi'), ...creds['unifi-site-manager'] });
  if (creds.ninjaone) await add('ninjaone', 'ninjaone', { base_url: sandbox.url('ninjaone'), ...creds.ninjaone });
  for (const d of (creds.dgi ?? []).slice(0, 2)) await add(`dgi-${d.dealer_id}`, 'dgi', { base_url: sandbox.url('dgi'), ...d });

  const steps: DemoStep[] = [];
  for (const title of ['first run of every pack', 'after the simulated world moved one step']) {
    const { rows: mark } = await app.db.query<{ m: string | null }>('select max(id)::text as m from changes');
    if (steps.length > 0) sandbox.clock.advance({ steps: 1 });
    const runs: PackRunSummary[] = [];
    for (const p of packs) {
      if (installs.find((i) => i.pack === p.id)?.status === 'installed') runs.push(await runPack(app, p.id, { trigger: 'demo' }));
    }
    const syncs: SyncSummary[] = [];
    for (const n of plain) syncs.push(await runSync(app, { connection: n, trigger: 'demo' }));
    const changes = steps.length === 0 ? [] : await changesSince(app, Number(mark[0]?.m ?? 0));
    const dashboards: EvaluatedDashboard[] = [];
    for (const p of packs) for (const d of p.dashboards) dashboards.push(await evaluateDashboard(app.db, String(d.id)));
    const step: DemoStep = { title, installs: steps.length === 0 ? installs : [], packs: runs, syncs, changes, dashboards };
    report(step);
    steps.push(step);
  }
  return steps;
}

async function changesSince(app: AppContext, after: number): Promise<DemoChange[]> {
  const { rows } = await app.db.query<{ stream: string; key: string; kind: string; fields: Record<string, unknown> | null }>(
    `select s.name as stream, c.key, c.kind, c.fields from changes c join streams s on s.id = c.stream_id
      where c.id > $1 order by c.id limit 2000`,
    [after],
  );
  return rows.map((r) => ({ stream: r.stream, key: r.key, kind: r.kind, fields: Object.keys(r.fields ?? {}) }));
}
