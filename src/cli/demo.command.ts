import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { runDemo, type DemoStep } from '../demo/run-demo.js';
import { createAppContext } from '../main/app-context.js';
import { createSandbox } from '../sandbox/sandbox-app.js';
import { createSimulators } from '../sandbox/simulators.js';
import { createNotionSimulator } from '../sandbox/notion/notion.simulator.js';
import { formatTable, printJson } from './cli-output.js';
import { renderDashboardText } from '../dashboards/render-dashboard-text.js';
import { formatPackRun } from './pack.command.js';
import type { CommandRegistry } from './command-context.js';

function printStep(step: DemoStep): void {
  process.stdout.write(`\n== ${step.title}\n`);
  for (const i of step.installs) process.stdout.write(`installed ${i.pack} ${i.version}: ${i.status}${i.missing.length ? ` (needs ${i.missing.join(', ')})` : ''}\n`);
  for (const r of step.packs) process.stdout.write(formatPackRun(r));
  const rows = step.syncs.flatMap((s) =>
    Object.entries(s.streams)
      .filter(([, c]) => c.fetched + c.removed > 0)
      .map(([stream, c]) => ({ connection: s.connection, status: s.status, stream, fetched: c.fetched, created: c.created, updated: c.updated, unchanged: c.unchanged, removed: c.removed, restored: c.restored, quarantined: c.quarantined })),
  );
  if (rows.length) process.stdout.write(`sources without a pack yet:\n${formatTable(rows)}\n`);
  if (step.changes.length > 0) {
    const counts = new Map<string, number>();
    for (const c of step.changes) counts.set(`${c.stream} ${c.kind}`, (counts.get(`${c.stream} ${c.kind}`) ?? 0) + 1);
    process.stdout.write(`what changed:\n${formatTable([...counts].map(([k, n]) => ({ stream: k.split(' ')[0], kind: k.split(' ')[1], records: n })))}\n`);
    process.stdout.write(formatTable(step.changes.filter((c) => c.kind !== 'created').slice(0, 15).map((c) => ({ stream: c.stream, key: c.key, kind: c.kind, fields: c.fields.join(', ') }))));
    process.stdout.write('\n');
  }
  for (const d of step.dashboards) process.stdout.write(`\n${renderDashboardText(d)}\n`);
}

export function registerDemoCommand(reg: CommandRegistry): void {
  reg.program
    .command('demo')
    .description('install every pack against the built-in simulators, run it, move the world one step, show what changed and each dashboard (no credentials, no internet)')
    .option('--data-dir <dir>', 'where the demo keeps its embedded database', './.sluice-demo')
    .option('--json', 'print the summaries as JSON')
    .action(async (o: { dataDir: string; json?: boolean }) => {
      const base = reg.config();
      const config = loadConfig({ ...base.env, SLUICE_DATA_DIR: join(process.cwd(), o.dataDir), SLUICE_DATABASE_URL: '', SLUICE_LOG_LEVEL: base.env.SLUICE_LOG_LEVEL ?? 'warn' });
      // Notion at 50 requests/s instead of 3, so the first push of a few hundred pages takes seconds, not minutes.
      const simulators = createSimulators().map((s) => (s.prefix === 'notion' ? createNotionSimulator({ rateLimit: { perSecond: 50 } }) : s));
      const sandbox = await createSandbox({ seed: config.sandbox.seed, simulators });
      const base_url = await sandbox.listen(0);
      const app = await createAppContext(config);
      try {
        process.stderr.write(`demo: simulators on ${base_url}, data in ${config.dataDir}\n`);
        const steps = await runDemo(app, sandbox, o.json ? () => undefined : printStep);
        if (o.json) printJson(steps);
        else process.stdout.write(`\nexplore: SLUICE_DATA_DIR=${o.dataDir} bin/sluice pack status unifi-channels | dashboard show unifi-channels | changes --days 1 | records companies\n`);
      } finally {
        await app.close();
        await sandbox.close();
      }
    });
}
