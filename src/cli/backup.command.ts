import { restoreBackup } from '../backup/restore-backup.js';
import { pruneBackups } from '../backup/schedule-backups.js';
import { takeBackup } from '../backup/take-backup.js';
import { createAppContext } from '../main/app-context.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

/** `backup`, `backup list`, `restore`. */
export function registerBackupCommands(reg: CommandRegistry): void {
  const backup = reg.program
    .command('backup')
    .description('take a consistent snapshot of the database (while Sluice runs, on PostgreSQL; PGlite: from the process that owns the data folder or with it stopped)')
    .option('--to <target>', '"storage" (backups/ in the file storage) or a file path', 'storage')
    .option('--keep <n>', 'after a backup to the storage, keep only the newest N there')
    .option('--json', 'print as JSON')
    .action(async (o: { to: string; keep?: string; json?: boolean }) => {
      const app = await reg.app();
      const r = await takeBackup(app, { to: o.to });
      const pruned = o.keep && o.to === 'storage' ? await pruneBackups(app, Number(o.keep)) : [];
      if (o.json) printJson({ ...r, pruned });
      else {
        process.stdout.write(`${r.location}\n`);
        process.stderr.write(`backup: ${Object.values(r.rows).reduce((a, b) => a + b, 0)} rows in ${Object.keys(r.rows).length} tables, ${r.bytes} bytes, ${r.durationMs} ms${pruned.length ? `; removed ${pruned.length} older backup(s)` : ''}\n`);
      }
    });
  backup
    .command('list')
    .description('backups in the file storage, oldest first')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const items = (await app.storage.list('backups/')).map((f) => ({ location: `storage:${f.key}`, bytes: f.size, taken: f.modifiedAt }));
      if (o.json) printJson(items);
      else printTable(items, ['location', 'bytes', 'taken']);
    });
  reg.program
    .command('restore <backup>')
    .description('restore a backup (a file, or storage:backups/…) into an empty data folder or database; needs the secret key the backup was taken with')
    .option('--json', 'print as JSON')
    .action(async (source: string, o: { json?: boolean }) => {
      // Not reg.app(): that migrates to the newest schema first, and a restore rebuilds the backup's schema itself.
      const app = await createAppContext(reg.config(), { migrate: false });
      try {
        const r = await restoreBackup(app, source);
        if (o.json) printJson(r);
        else process.stderr.write(`restored ${Object.values(r.rows).reduce((a, b) => a + b, 0)} rows in ${r.durationMs} ms${r.migrationsAfter.length ? `; then applied ${r.migrationsAfter.join(', ')}` : ''}\n`);
      } finally {
        await app.close();
      }
    });
}
