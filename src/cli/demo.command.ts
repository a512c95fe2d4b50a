import { join } from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { runDemo, type DemoStep } from '../demo/run-demo.js';
import { createAppContext } from '../main/app-context.js';
import { createSandbox } from '../sandbox/sandbox-app.js';
import { formatTable, printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

function printStep(step: DemoStep): void {
  process.stdout.write(`\n== ${step.title}\n`);
  const rows = step.syncs.flatMap((s) =>
    Object.entries(s.streams)
      .filter(([, c]) => c.fetched + c.removed > 0)
      .map(([stream, c]) => ({ connection: s.connection, status: s.status, stream, fetched: c.fetched, created: c.created, updated: c.updated, unchanged: c.unchanged, removed: c.removed, restored: c.restored, quarantined: c.quarantined })),
  );
  process.stdout.write(formatTable(rows));
  for (const p of step.pushes) {
    process.stdout.write(`push ${p.destination}: ${p.status}; calls ${p.calls}, pushed ${p.pushed}, failed ${p.failed}; plan ${JSON.stringify(p.plan)}\n`);
  }
}

export function registerDemoCommand(reg: CommandRegistry): void {
  reg.program
    .command('demo')
    .description('run every source end to end against the built-in simulators (no credentials, no internet)')
    .option('--data-dir <dir>', 'where the demo keeps its embedded database', './.sluice-demo')
    .option('--json', 'print the summaries as JSON')
    .action(async (o: { dataDir: string; json?: boolean }) => {
      const base = reg.config();
      const config = loadConfig({ ...base.env, SLUICE_DATA_DIR: join(process.cwd(), o.dataDir), SLUICE_DATABASE_URL: '', SLUICE_LOG_LEVEL: base.env.SLUICE_LOG_LEVEL ?? 'warn' });
      const sandbox = await createSandbox({ seed: config.sandbox.seed });
      const base_url = await sandbox.listen(0);
      const app = await createAppContext(config);
      try {
        process.stderr.write(`demo: simulators on ${base_url}, data in ${config.dataDir}\n`);
        const steps = await runDemo(app, sandbox, o.json ? () => undefined : printStep);
        if (o.json) printJson(steps);
        else process.stdout.write(`\nexplore: SLUICE_DATA_DIR=${o.dataDir} bin/sluice changes --stream distributors | records distributors | runs\n`);
      } finally {
        await app.close();
        await sandbox.close();
      }
    });
}
