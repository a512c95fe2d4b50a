import { createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm, rename, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import type { AppContext } from '../main/app-context.js';
import type { Tx } from '../store/database.js';
import { BACKUP_BATCH, type BackupHeader, type BackupTrailer } from './backup-format.js';

export interface BackupResult {
  /** `storage:backups/…` or the file's path. */
  readonly location: string;
  readonly bytes: number;
  readonly rows: Record<string, number>;
  readonly durationMs: number;
}

/** The tables a backup holds: every table of the `public` schema (the job queue's own schema is not data). */
export async function backupTables(tx: Pick<Tx, 'query'>): Promise<string[]> {
  const { rows } = await tx.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sluice_migrations' order by 1`,
  );
  return rows.map((r) => r.name);
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * A consistent logical snapshot of the whole database, taken while Sluice runs: one repeatable-read, read-only
 * transaction (PostgreSQL), or one transaction under the single-connection lock (PGlite), read through cursors in
 * batches so memory stays flat. Written gzip-compressed to a temporary file first, then moved to the file storage
 * (`to: 'storage'`, key `backups/sluice-<time>.ndjson.gz`) or to a file path.
 */
export async function takeBackup(app: AppContext, opts: { /** `storage`, or a file path. */ readonly to: string }): Promise<BackupResult> {
  const started = Date.now();
  const dir = await mkdtemp(join(tmpdir(), 'sluice-backup-'));
  const tmp = join(dir, 'backup.ndjson.gz');
  const gzip = createGzip();
  const file = createWriteStream(tmp);
  gzip.pipe(file);
  const write = async (line: string): Promise<void> => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    const rows = await app.db.transaction(async (tx) => {
      if (app.db.kind === 'postgres') await tx.query('set transaction isolation level repeatable read, read only');
      const { rows: applied } = await tx.query<{ id: string }>('select id from sluice_migrations order by id');
      const tables = await backupTables(tx);
      const header: BackupHeader = {
        format: 'sluice-backup', version: 1, created_at: new Date().toISOString(), database: app.db.kind,
        migrations: applied.map((m) => m.id), secret_key_id: app.secretKeyId, tables,
      };
      await write(JSON.stringify(header));
      const counts: Record<string, number> = {};
      for (const t of tables) {
        counts[t] = 0;
        await tx.query(`declare sluice_backup no scroll cursor for select row_to_json(x)::text as j from ${quote(t)} x`);
        for (;;) {
          const { rows: batch } = await tx.query<{ j: string }>(`fetch forward ${BACKUP_BATCH} from sluice_backup`);
          for (const r of batch) await write(`{"t":${JSON.stringify(t)},"r":${r.j}}`);
          counts[t] += batch.length;
          if (batch.length < BACKUP_BATCH) break;
        }
        await tx.query('close sluice_backup');
      }
      return counts;
    });
    const trailer: BackupTrailer = { end: rows };
    await write(JSON.stringify(trailer));
    gzip.end();
    await once(file, 'finish');
    const bytes = (await stat(tmp)).size;
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    let location: string;
    if (opts.to === 'storage') {
      const key = `backups/sluice-${stamp}.ndjson.gz`;
      await app.storage.put(key, createReadStream(tmp), { contentType: 'application/gzip' });
      location = `storage:${key}`;
    } else {
      location = resolve(opts.to);
      // Another file system: copy instead of rename.
      await rename(tmp, location).catch(() => copyFile(tmp, location));
    }
    app.logger.info({ location, bytes, rows }, 'backup taken');
    return { location, bytes, rows, durationMs: Date.now() - started };
  } finally {
    gzip.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}
