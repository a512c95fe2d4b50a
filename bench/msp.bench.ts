/**
 * msp-dashboards at the seed's capacity goal (issue #12): `npm run bench -- msp [--sites 500] [--devices 1000]
 * [--unifi-devices 2500] [--days 18] [--steps 1]`. Installs the pack against the sandbox (UniFi, NinjaOne, Notion with
 * its rate limit off, so the figures are Sluice's own), measures the first full build (syncs, models, four Notion
 * databases, with `--days` daily-health back-fills to reach ~10,000 pages), then a steady cycle after `--steps` clock
 * steps of upstream churn: rows changed, Notion calls (must equal the rows changed) and the cycle's duration. At
 * Notion's 3 requests/s the same calls take calls / 3 seconds: the figure says whether a cycle fits in 5 minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { installPack } from '../src/packs/install-pack.js';
import { runPack, type PackRunSummary } from '../src/packs/run-pack.js';
import { createNinjaOneSimulator } from '../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../src/sandbox/notion/notion.simulator.js';
import { createSandbox } from '../src/sandbox/sandbox-app.js';
import { createUnifiSimulator } from '../src/sandbox/unifi/unifi.simulator.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));

function summarise(run: PackRunSummary) {
  const changed: Record<string, number> = {};
  let notionCalls = 0;
  let pushed = 0;
  for (const s of run.steps) {
    if (s.kind === 'model') {
      const c = (s.counts as Record<string, Record<string, number>> | undefined)?.[s.name];
      if (c) changed[s.name] = (c.created ?? 0) + (c.updated ?? 0) + (c.removed ?? 0) + (c.restored ?? 0);
    }
    if (s.kind === 'push') {
      const c = s.counts as { calls?: number; pushed?: number } | undefined;
      notionCalls += c?.calls ?? 0;
      pushed += c?.pushed ?? 0;
    }
  }
  return { status: run.status, duration_s: Math.round(run.duration_ms / 100) / 10, rows_changed: changed, notion_pages_written: pushed, notion_calls: notionCalls, at_3_per_s_s: Math.round(notionCalls / 3) };
}

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const sites = num(opts.sites, 500);
  const devices = num(opts.devices, 1000);
  const unifiDevices = num(opts['unifi-devices'], sites * 5);
  const days = num(opts.days, 18);
  const steps = num(opts.steps, 1);
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-msp-'));
  const notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
  const sandbox = await createSandbox({
    seed: 42,
    simulators: [createUnifiSimulator({ sites, devices: unifiDevices }), createNinjaOneSimulator({ devices, organizations: Math.round(sites * 0.73) }), notion],
  });
  await sandbox.listen(0);
  const db = await openDatabase({ dataDir: join(dir, 'db') });
  await migrate(db);
  const app = await createAppContext(loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent' }), { db, logger: pino({ level: 'silent' }) });
  const now = () => sandbox.clock.now();
  try {
    const base = sandbox.url('notion').replace(/\/notion$/, '');
    await installPack(app, 'msp-dashboards', { sandbox: { url: base, credentials: sandbox.credentials() } });
    const t0 = performance.now();
    const first = await runPack(app, 'msp-dashboards', { now });
    const backfill: PackRunSummary[] = [];
    const today = new Date(now().getTime()).toISOString().slice(0, 10);
    for (let d = 1; d <= days; d++) {
      const date = new Date(Date.parse(`${today}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);
      backfill.push(await runPack(app, 'msp-dashboards', { now, params: { health_date: date } }));
    }
    const buildS = (performance.now() - t0) / 1000;
    const pages = [...notion.store.pages.values()].filter((p) => p.dataSourceId).length;
    const quiet = await runPack(app, 'msp-dashboards', { now });
    sandbox.clock.advance({ steps });
    const churn = await runPack(app, 'msp-dashboards', { now });
    const churnRows = Object.values(summarise(churn).rows_changed).reduce((a, b) => a + b, 0);
    return {
      scale: { sites, unifi_devices: unifiDevices, ninjaone_devices: devices, health_days: days + 1 },
      first_build: { ...summarise(first), backfill_runs: backfill.length, total_s: Math.round(buildS * 10) / 10, notion_pages: pages, at_3_per_s_min: Math.round(pages / 3 / 6) / 10 },
      quiet_cycle: summarise(quiet),
      churn_cycle: { ...summarise(churn), churn_share_pct: Math.round((churnRows / Math.max(1, pages)) * 1000) / 10 },
    };
  } finally {
    await app.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
