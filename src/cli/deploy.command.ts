import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { toSluiceError } from '../core/errors.js';
import { createAppContext } from '../main/app-context.js';
import { deployAgents, SAMPLE_DIR, type DeployMode, type DeploymentReport } from '../packs/agents/deploy-agents.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

interface DeployFlags {
  full?: boolean;
  ddlOnly?: boolean;
  dataOnly?: boolean;
  verify: boolean;
  pipeline: boolean;
  reportFile?: string;
  agentsDir?: string;
  sample?: boolean;
  rebuild?: boolean;
  json?: boolean;
}

function failedReport(mode: DeployMode, agentsDir: string, started: Date, err: unknown): DeploymentReport {
  const e = toSluiceError(err);
  const now = new Date();
  return {
    deployment_id: randomUUID(), pack: 'agents', mode, status: 'failed', database: 'unavailable', agents_dir: agentsDir,
    started_at: started.toISOString(), finished_at: now.toISOString(), duration_ms: now.getTime() - started.getTime(),
    steps: [], verification: null, data_quality: null, warnings: [], error: { code: e.code, message: e.message },
  };
}

export function registerDeployCommand(reg: CommandRegistry): void {
  reg.program
    .command('deploy')
    .description('deploy the agents pack: migrations, verification, CSV load, unified members, master agents, JSON report')
    .option('--full', 'migrations, verification and data (the default)')
    .option('--ddl-only', 'migrations and verification only')
    .option('--data-only', 'load the CSVs and run the pipeline only')
    .option('--no-verify', 'skip the verification of tables, functions and indexes')
    .option('--no-pipeline', 'load the CSVs but do not build members or resolve agents')
    .option('--report-file <file>', 'where to write the JSON deployment report (default <data dir>/reports/deployment_report.json)')
    .option('--agents-dir <dir>', 'folder holding raw_company_info.csv and new_agents.csv')
    .option('--sample', 'load the bundled, generated sample data instead of --agents-dir (never implied)')
    .option('--rebuild', 're-resolve every agent instead of only what changed')
    .option('--json', 'print the report on stdout')
    .action(async (flags: DeployFlags) => {
      const modes = [flags.full && 'full', flags.ddlOnly && 'ddl-only', flags.dataOnly && 'data-only'].filter(Boolean) as DeployMode[];
      if (modes.length > 1) {
        process.stderr.write('error: choose one of --full, --ddl-only, --data-only\n');
        reg.setExitCode(EXIT.usage);
        return;
      }
      const mode = modes[0] ?? 'full';
      // Sample data must never land in a real database by accident: it is loaded only when asked for by name.
      if (flags.sample && flags.agentsDir) {
        process.stderr.write('error: choose one of --agents-dir DIR and --sample\n');
        reg.setExitCode(EXIT.usage);
        return;
      }
      if (mode !== 'ddl-only' && !flags.sample && !flags.agentsDir) {
        process.stderr.write('error: give --agents-dir DIR (the folder with raw_company_info.csv and new_agents.csv), or --sample to load the bundled sample data\n');
        reg.setExitCode(EXIT.usage);
        return;
      }
      const config = reg.config();
      const agentsDir = flags.sample ? SAMPLE_DIR : flags.agentsDir ? resolve(flags.agentsDir) : '';
      const reportFile = resolve(flags.reportFile ?? join(config.dataDir, 'reports', 'deployment_report.json'));
      const started = new Date();
      let report: DeploymentReport;
      try {
        const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: config.dbPoolSize });
        try {
          const app = await createAppContext(config, { db, migrate: false });
          try {
            report = await deployAgents(app, {
              mode, verify: flags.verify, pipeline: flags.pipeline, agentsDir, rebuild: flags.rebuild ?? false,
              migrate: () => migrate(db),
            });
          } finally {
            await app.close();
          }
        } finally {
          await db.close();
        }
      } catch (err) {
        report = failedReport(mode, agentsDir, started, err);
      }
      mkdirSync(dirname(reportFile), { recursive: true });
      writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
      if (flags.json) printJson(report);
      for (const s of report.steps) {
        process.stderr.write(`${s.status === 'succeeded' ? '✓' : s.status === 'skipped' ? '-' : '✗'} ${s.name} (${s.duration_ms} ms)${s.error ? `: ${s.error.message}` : ''}\n`);
      }
      for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
      const q = report.data_quality;
      if (q) process.stderr.write(`master agents: ${q.master_agents} (${q.merged_masters} merged, ${q.needs_review} need review; ${q.review_open} open review items)\n`);
      process.stderr.write(`deployment ${report.status}${report.error ? `: ${report.error.message}` : ''}; report: ${reportFile}\n`);
      reg.setExitCode(report.status === 'succeeded' ? EXIT.ok : EXIT.failure);
    });
}
