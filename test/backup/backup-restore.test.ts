import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { restoreBackup } from '../../src/backup/restore-backup.js';
import { pruneBackups, runScheduledBackup } from '../../src/backup/schedule-backups.js';
import { takeBackup } from '../../src/backup/take-backup.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createDestination, loadDestination } from '../../src/destinations/destination-store.js';
import { createUser } from '../../src/auth/user-store.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
const ROWS = 3_000;

function csv(version: number): string {
  const lines = ['id,name,score'];
  for (let i = 0; i < ROWS + version * 200; i++) lines.push(`${i},name ${i}${i % 10 === 0 ? ` v${version}` : ''},${i % 97}`);
  return `${lines.join('\n')}\n`;
}

interface Side {
  app: AppContext;
  tdb: TestDatabase;
}

async function open(kind: 'pglite' | 'postgres', dir: string, key: string, migrate = true): Promise<Side> {
  const tdb = await createTestDatabase(kind, { migrate });
  const config = loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: key, SLUICE_BATCH_SIZE: '500', SLUICE_STORAGE_DIR: join(dir, '..', 'files') });
  return { tdb, app: await createAppContext(config, { db: tdb.db, migrate: false }) };
}

const snapshot = async (app: AppContext) => ({
  records: (await app.db.query<{ key: string; hash: string; status: string }>('select key, hash, status from records order by stream_id, key')).rows,
  created: (await app.db.query<{ key: string; n: number }>(`select key, count(*)::int as n from changes where kind = 'created' group by key having count(*) <> 1`)).rows,
});

describeEachDatabase('backup and restore', (kind) => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-backup-test-'));
  const file = join(root, 'people.csv');
  let source: Side;
  let backupFile = '';
  beforeAll(async () => {
    source = await open(kind, join(root, 'a'), KEY);
    writeFileSync(file, csv(0));
    await createConnection(source.app.db, source.app.secrets, { name: 'people', connector: 'csv', config: { path: file, stream: 'people', key: 'id' } });
    await createDestination(source.app.db, source.app.secrets, { name: 'hook', kind: 'webhook', config: { url: 'http://127.0.0.1:9/hook', secret: 'whsec_backup_secret_1234' } });
    await createUser(source.app.db, { email: 'admin@example.com', password: 'correct horse battery staple', role: 'admin' });
    await source.app.db.query(`insert into job_schedules (target, kind, payload, cron) values ('sync:people', 'sync', '{"connection":"people"}', '0 6 * * *')`);
    expect((await runSync(source.app, { connection: 'people' })).status).toBe('succeeded');
  }, 300_000);
  afterAll(async () => {
    await source.app.close();
    await source.tdb.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a backup taken during a running sync restores into an empty database, and a re-sync there ends where the source did', async () => {
    writeFileSync(file, csv(1));
    const sync = runSync(source.app, { connection: 'people' });
    backupFile = join(root, 'during-sync.ndjson.gz');
    const [backup, summary] = await Promise.all([takeBackup(source.app, { to: backupFile }), sync]);
    expect(summary.status).toBe('succeeded');
    expect(backup.rows.connections).toBe(1);
    expect(backup.rows.users).toBe(1);
    expect(backup.rows.job_schedules).toBe(1);

    const target = await open(kind, join(root, 'b'), KEY, false);
    try {
      const restored = await restoreBackup(target.app, backupFile);
      expect(restored.rows).toEqual(backup.rows);
      // Secrets arrive still encrypted, readable with the same key.
      const dest = await loadDestination(target.app.db, target.app.secrets, 'hook');
      expect(dest.settings.secret).toBe('whsec_backup_secret_1234');
      const { rows: raw } = await target.app.db.query<{ secrets: Record<string, string> }>(`select secrets from destinations where name = 'hook'`);
      expect(JSON.stringify(raw[0]?.secrets)).not.toContain('whsec_backup_secret_1234');
      // The typed view was recreated.
      const { rows: view } = await target.app.db.query<{ n: number }>('select count(*)::int as n from data.people');
      expect(view[0]?.n).toBeGreaterThanOrEqual(ROWS);

      // Re-sync on the restored copy: whatever the snapshot had not seen yet arrives once; then nothing changes.
      expect((await runSync(target.app, { connection: 'people' })).status).toBe('succeeded');
      const again = await runSync(target.app, { connection: 'people' });
      expect(again.streams.people).toMatchObject({ created: 0, updated: 0, removed: 0 });
      const [a, b] = [await snapshot(source.app), await snapshot(target.app)];
      expect(b.records).toEqual(a.records);
      expect(b.created).toEqual([]);
      // New rows get fresh ids after the restored ones (sequences were reset).
      await createUser(target.app.db, { email: 'second@example.com', password: 'correct horse battery staple', role: 'viewer' });
    } finally {
      await target.app.close();
      await target.tdb.drop();
    }
  }, 600_000);

  it('refuses a different secret key, and a database that is not empty', async () => {
    const wrongKey = await open(kind, join(root, 'c'), Buffer.alloc(32, 1).toString('base64'), false);
    try {
      await expect(restoreBackup(wrongKey.app, backupFile)).rejects.toMatchObject({ code: 'key_mismatch', message: expect.stringMatching(/SLUICE_SECRET_KEY/) as unknown });
    } finally {
      await wrongKey.app.close();
      await wrongKey.tdb.drop();
    }
    await expect(restoreBackup(source.app, backupFile)).rejects.toMatchObject({ code: 'conflict' });
  }, 300_000);

  it('scheduled backups go to the file storage once per tick and keep the newest N', async () => {
    const tick = new Date('2026-01-01T06:00:00Z');
    const first = await runScheduledBackup(source.app, tick, 2);
    expect(first).toMatch(/^storage:backups\/sluice-/);
    expect(await runScheduledBackup(source.app, tick, 2)).toBeUndefined(); // another process already took this tick
    await runScheduledBackup(source.app, new Date('2026-01-02T06:00:00Z'), 2);
    await new Promise((r) => setTimeout(r, 5));
    await runScheduledBackup(source.app, new Date('2026-01-03T06:00:00Z'), 2);
    const kept = await source.app.storage.list('backups/');
    expect(kept).toHaveLength(2);
    expect(kept.map((f) => `storage:${f.key}`)).not.toContain(first);
    expect(await pruneBackups(source.app, 1)).toHaveLength(1);
  }, 300_000);
});
