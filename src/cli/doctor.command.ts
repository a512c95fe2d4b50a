import { statfsSync } from 'node:fs';
import { listOpenAlerts } from '../alerts/alert-store.js';
import { listMigrations } from '../store/migrate.js';
import { printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export function registerDoctorCommand(reg: CommandRegistry): void {
  reg.program
    .command('doctor')
    .description('check configuration, database, migrations and disk; exit 1 when something is wrong')
    .option('--json', 'print the checks as JSON')
    .action(async (o: { json?: boolean }) => {
      const checks: Check[] = [];
      const major = Number(process.versions.node.split('.')[0]);
      checks.push({ name: 'node', ok: major >= 20, detail: `Node ${process.versions.node}${major === 20 ? ' (end of life; 22 or 24 recommended)' : ''}` });
      let config;
      try {
        config = reg.config();
        checks.push({ name: 'config', ok: true, detail: `data dir ${config.dataDir}; database ${config.databaseUrl ? 'PostgreSQL' : 'embedded PGlite'}` });
      } catch (err) {
        checks.push({ name: 'config', ok: false, detail: (err as Error).message });
      }
      if (config) {
        try {
          const app = await reg.app();
          const t = Date.now();
          const { rows } = await app.db.query<{ n: number }>('select count(*)::int as n from sluice_migrations');
          checks.push({ name: 'database', ok: true, detail: `${app.db.kind} answered in ${Date.now() - t} ms` });
          const total = listMigrations().length;
          checks.push({ name: 'migrations', ok: rows[0]!.n === total, detail: `${rows[0]!.n} of ${total} applied` });
          const conns = await app.db.query<{ n: number }>('select count(*)::int as n from connections');
          checks.push({ name: 'connections', ok: true, detail: `${conns.rows[0]!.n} configured` });
          if (rows[0]!.n === total) {
            const open = await listOpenAlerts(app.db);
            checks.push({
              name: 'alerts',
              ok: open.length === 0,
              detail: open.length === 0 ? 'none open' : `${open.length} open: ${open.map((a) => `[${a.kind}] ${a.message} (since ${new Date(a.opened_at).toISOString()})`).join('; ')}`,
            });
          }
        } catch (err) {
          checks.push({ name: 'database', ok: false, detail: (err as Error).message });
        }
        try {
          const fs = statfsSync(config.dataDir);
          const freeMb = Math.round((fs.bavail * fs.bsize) / 1024 / 1024);
          checks.push({ name: 'disk', ok: freeMb >= config.healthDiskMinMb, detail: `${freeMb} MB free in ${config.dataDir}` });
        } catch {
          checks.push({ name: 'disk', ok: true, detail: `${config.dataDir} does not exist yet (created on first start)` });
        }
      }
      const ok = checks.every((c) => c.ok);
      if (o.json) printJson({ ok, checks });
      else for (const c of checks) process.stderr.write(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.name.padEnd(12)} ${c.detail}\n`);
      reg.setExitCode(ok ? EXIT.ok : EXIT.failure);
    });
}
