import type { AppContext } from '../main/app-context.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
import { createDestination } from '../destinations/destination-store.js';
import { runPush } from '../destinations/run-push.js';
import type { PushSummary } from '../destinations/destination.js';
import type { Sandbox } from '../sandbox/sandbox-app.js';
import { createConnection, listConnections } from '../store/connection-store.js';

interface DemoCredentials {
  'unifi-site-manager': { api_key: string };
  ninjaone: { client_id: string; client_secret: string };
  dgi: { dealer_id: string; dealer_name: string; api_key: string; secret_key: string }[];
  notion: { token: string; parent_page_id: string };
}

export interface DemoStep {
  readonly title: string;
  readonly syncs: SyncSummary[];
  readonly pushes: PushSummary[];
}

/**
 * The end-to-end demo against the simulators: connections for every upstream (ui.com, UniFi Site Manager, NinjaOne,
 * two DGI dealers), a Notion database for the distributors, a full sync and push, then the simulated world moves one
 * step and a second round shows exactly what changed and what was pushed.
 */
export async function runDemo(app: AppContext, sandbox: Sandbox, report: (step: DemoStep) => void): Promise<DemoStep[]> {
  const creds = sandbox.credentials() as unknown as DemoCredentials;
  const existing = new Set((await listConnections(app.db)).map((c) => c.name));
  const add = async (name: string, connector: string, config: Record<string, unknown>, settings: Record<string, unknown> = {}) => {
    if (!existing.has(name)) await createConnection(app.db, app.secrets, { name, connector, config, settings });
  };
  // Distributors vanish from the locator now and then: wait two missed runs before calling one removed.
  await add('ui', 'ui-distributor-locator', { base_url: sandbox.url('ui'), min_interval_ms: 0 }, { removal_misses: 2 });
  await add('unifi', 'unifi-site-manager', { base_url: sandbox.url('unifi'), ...creds['unifi-site-manager'] });
  await add('ninjaone', 'ninjaone', { base_url: sandbox.url('ninjaone'), ...creds.ninjaone });
  for (const d of creds.dgi.slice(0, 2)) {
    await add(`dgi-${d.dealer_id}`, 'dgi', { base_url: sandbox.url('dgi'), ...d });
  }
  const { rows } = await app.db.query("select 1 from destinations where name = 'notion-distributors'");
  if (rows.length === 0) {
    await createDestination(app.db, app.secrets, {
      name: 'notion-distributors',
      kind: 'notion',
      config: {
        ...creds.notion, base_url: sandbox.url('notion'), stream: 'distributors', database_title: 'UniFi Distributors',
        human_owned: 'Analysis Status,Priority,Notes', rate_per_second: 50,
      },
    });
  }
  const names = (await listConnections(app.db)).map((c) => c.name).filter((n) => n === 'ui' || n === 'unifi' || n === 'ninjaone' || n.startsWith('dgi-'));
  const steps: DemoStep[] = [];
  for (const title of ['first sync and push', 'after the simulated world moved one step']) {
    if (steps.length > 0) sandbox.clock.advance({ steps: 1 });
    const syncs: SyncSummary[] = [];
    for (const n of names) syncs.push(await runSync(app, { connection: n, trigger: 'demo' }));
    const pushes = [await runPush(app, { destination: 'notion-distributors' })];
    const step = { title, syncs, pushes };
    report(step);
    steps.push(step);
  }
  return steps;
}
