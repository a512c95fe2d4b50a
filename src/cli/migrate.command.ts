import { printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { migrate } from '../store/migrate.js';
import { openDatabase } from '../store/database.js';

export function registerMigrateCommand(reg: CommandRegistry): void {
  reg.program
    .command('migrate')
    .description('apply pending database migrations (also done at every start)')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }) => {
      const config = reg.config();
      const db = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
      try {
        const r = await migrate(db);
        if (opts.json) printJson({ applied: r.applied, already_applied: r.alreadyApplied, database: db.kind });
        else process.stderr.write(`migrations: ${r.applied.length} applied, ${r.alreadyApplied} already applied (${db.kind})\n`);
      } finally {
        await db.close();
      }
    });
}
