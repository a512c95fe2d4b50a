import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import type { Tx } from '../store/database.js';
import { listMigrations, migrate } from '../store/migrate.js';
import { streamViewSql } from '../store/stream-view-sql.js';
import type { StreamSchema } from '../core/stream-schema.js';
import { storageKeyOf } from '../storage/file-storage.js';
import { BACKUP_BATCH, type BackupHeader, type BackupTrailer } from './backup-format.js';
import { backupTables } from './take-backup.js';

export interface RestoreResult {
  readonly rows: Record<string, number>;
  readonly migrationsAfter: readonly string[];
  readonly durationMs: number;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

// Tables that hold something once the data folder or database is in use: a restore only goes into an empty one.
const MUST_BE_EMPTY = ['connections', 'streams', 'records', 'users', 'destinations'];

async function openBackup(app: AppContext, source: string): Promise<Readable> {
  const key = storageKeyOf(source);
  return (key ? await app.storage.get(key) : createReadStream(source)).pipe(createGunzip());
}

/**
 * Restores a backup into an empty database: applies exactly the migrations the backup was taken at, loads every row
 * (constraints checked at the end of the one transaction), recreates the typed stream views, resets the sequences, then
 * applies any newer migrations. Secrets stay encrypted as they were, so the key must be the one the backup names.
 */
export async function restoreBackup(app: AppContext, source: string): Promise<RestoreResult> {
  const started = Date.now();
  const lines = createInterface({ input: await openBackup(app, source), crlfDelay: Infinity })[Symbol.asyncIterator]();
  const first = await lines.next();
  const header = (first.done ? undefined : (JSON.parse(first.value) as Partial<BackupHeader>));
  if (!header || header.format !== 'sluice-backup' || header.version !== 1 || !header.migrations || !header.tables) {
    throw new SluiceError('validation_failed', `${source} is not a Sluice backup`);
  }
  if (header.secret_key_id !== app.secretKeyId) {
    throw new SluiceError('key_mismatch', `the backup's secrets are encrypted with key ${header.secret_key_id ?? '?'}, but this Sluice's key is ${app.secretKeyId}: ` +
      'set SLUICE_SECRET_KEY (or put secret.key in the data folder) to the key used when the backup was taken, then restore again', {
      details: { backup_key_id: header.secret_key_id, current_key_id: app.secretKeyId },
    });
  }
  const known = new Set(listMigrations().map((m) => m.id));
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new SluiceError('validation_failed', `the backup comes from a newer Sluice (migrations ${unknown.join(', ')}): restore it with that version`);
  }
  await migrate(app.db, undefined, new Set(header.migrations));
  for (const t of MUST_BE_EMPTY) {
    const { rows } = await app.db.query<{ n: boolean }>(`select exists (select 1 from ${quote(t)}) as n`);
    if (rows[0]?.n) throw new SluiceError('conflict', `restore goes into an empty data folder or database, and table "${t}" has rows`);
  }
  const counts = await app.db.transaction(async (tx) => {
    // Rows arrive table by table, not in foreign-key order: check constraints at the end of the transaction instead.
    await tx.query('set local session_replication_role = replica');
    const tables = new Set(await backupTables(tx));
    const missing = header.tables?.filter((t) => !tables.has(t)) ?? [];
    if (missing.length) throw new SluiceError('validation_failed', `the backup names tables this database does not have: ${missing.join(', ')}`);
    // Tables a migration seeds (nothing else wrote to an empty database) are replaced by the backup's rows.
    for (const t of header.tables ?? []) await tx.query(`delete from ${quote(t)}`);
    const loaded: Record<string, number> = Object.fromEntries((header.tables ?? []).map((t) => [t, 0]));
    let table = '';
    let batch: string[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      await tx.query(`insert into ${quote(table)} select * from json_populate_recordset(null::${quote(table)}, $1::json)`, [`[${batch.join(',')}]`]);
      loaded[table] = (loaded[table] ?? 0) + batch.length;
      batch = [];
    };
    let trailer: BackupTrailer | undefined;
    for (let next = await lines.next(); !next.done; next = await lines.next()) {
      const line = next.value;
      if (line.startsWith('{"end":')) {
        trailer = JSON.parse(line) as BackupTrailer;
        break;
      }
      // `{"t":"<table>","r":<row>}`: the row text is passed on as it is, never parsed into objects.
      const comma = line.indexOf('","r":');
      const t = JSON.parse(line.slice(5, comma + 1)) as string;
      if (t !== table) {
        await flush();
        table = t;
      }
      batch.push(line.slice(comma + 6, -1));
      if (batch.length >= BACKUP_BATCH) await flush();
    }
    await flush();
    if (!trailer) throw new SluiceError('validation_failed', 'the backup is truncated (no end marker): nothing was restored');
    for (const [t, n] of Object.entries(trailer.end)) {
      if ((loaded[t] ?? 0) !== n) throw new SluiceError('validation_failed', `the backup is damaged: table ${t} has ${loaded[t] ?? 0} rows, expected ${n}`);
    }
    await resetSequences(tx);
    await recreateStreamViews(tx);
    return loaded;
  });
  const after = await migrate(app.db);
  app.logger.info({ source, rows: counts, migrations: after.applied }, 'backup restored');
  return { rows: counts, migrationsAfter: after.applied, durationMs: Date.now() - started };
}

async function resetSequences(tx: Pick<Tx, 'query'>): Promise<void> {
  const { rows } = await tx.query<{ t: string; c: string }>(
    `select table_name as t, column_name as c from information_schema.columns
     where table_schema = 'public' and column_default like 'nextval(%'`,
  );
  for (const { t, c } of rows) {
    await tx.query(
      `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(c)}) from ${quote(t)}), 0) + 1, false)`,
      [quote(t), c],
    );
  }
}

async function recreateStreamViews(tx: Pick<Tx, 'query'>): Promise<void> {
  const { rows } = await tx.query<{ id: number; view_name: string; schema: StreamSchema }>('select id, view_name, schema from streams where view_name is not null');
  for (const s of rows) {
    for (const stmt of streamViewSql(s.view_name, s.id, s.schema).split(';\n').filter((x) => x.trim())) await tx.query(stmt);
  }
}
