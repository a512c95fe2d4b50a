import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { contentHash } from '../../src/core/content-hash.js';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { createDestination } from '../../src/destinations/destination-store.js';
import type { DestinationKind } from '../../src/destinations/destination.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import type { Database } from '../../src/store/database.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.js';

export interface PushFixture {
  readonly app: AppContext;
  readonly db: Database;
  close(): Promise<void>;
}

export async function createPushFixture(kind: DatabaseKind, env: Record<string, string> = {}): Promise<PushFixture> {
  const tdb: TestDatabase = await createTestDatabase(kind);
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-push-'));
  const config = loadConfig({
    SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    SLUICE_BREAKER_FAILURES: '1000', ...env,
  });
  const app = await createAppContext(config, { db: tdb.db });
  return {
    app,
    db: tdb.db,
    close: async () => {
      await app.close();
      await tdb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function addDestination(f: PushFixture, name: string, kind: DestinationKind, config: Record<string, unknown>): Promise<void> {
  await createDestination(f.db, f.app.secrets, { name, kind, config });
}

/** A stream with records, each with a `created` change and its outbox event (what the sync pipeline writes). */
export async function seedStream(db: Database, name: string, schema: StreamSchema, records: Record<string, unknown>[], keyField = 'id'): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `insert into streams (name, connector, primary_key, schema, sync_mode) values ($1, 'test', $2::text[], $3::jsonb, 'full_snapshot') returning id`,
    [name, [keyField], JSON.stringify(schema)],
  );
  const streamId = (rows[0] as { id: number }).id;
  const batch = records.map((data) => ({ key: String(data[keyField]), data, hash: contentHash(data) }));
  await db.query(
    `insert into records (stream_id, key, data, hash) select $1, x.key, x.data, x.hash from jsonb_to_recordset($2::jsonb) as x(key text, data jsonb, hash text)`,
    [streamId, JSON.stringify(batch)],
  );
  await writeChanges(db, streamId, batch.map((b) => ({ key: b.key, kind: 'created', fields: null })));
  return streamId;
}

export async function writeChanges(db: Database, streamId: number, changes: { key: string; kind: string; fields: unknown }[]): Promise<void> {
  await db.query(
    `with c as (insert into changes (stream_id, key, kind, fields)
       select $1, x.key, x.kind, x.fields from jsonb_to_recordset($2::jsonb) as x(key text, kind text, fields jsonb) returning id, stream_id, key, kind, at)
     insert into outbox (change_id, stream_id, key, kind, at) select id, stream_id, key, kind, at from c`,
    [streamId, JSON.stringify(changes)],
  );
}

/** Updates records as a sync would: new data + hash, an `updated` change with old/new per field, an outbox event. */
export async function updateRecords(db: Database, streamId: number, updates: { key: string; set: Record<string, unknown> }[]): Promise<void> {
  const changes: { key: string; kind: string; fields: unknown }[] = [];
  for (const u of updates) {
    const { rows } = await db.query<{ data: Record<string, unknown> }>('select data from records where stream_id = $1 and key = $2', [streamId, u.key]);
    const old = (rows[0] as { data: Record<string, unknown> }).data;
    const data = { ...old, ...u.set };
    await db.query('update records set data = $3::jsonb, hash = $4, version = version + 1 where stream_id = $1 and key = $2', [streamId, u.key, JSON.stringify(data), contentHash(data)]);
    changes.push({ key: u.key, kind: 'updated', fields: Object.fromEntries(Object.keys(u.set).map((k) => [k, { op: 'replace', old: old[k] ?? null, new: u.set[k] }])) });
  }
  await writeChanges(db, streamId, changes);
}

export async function setRecordStatus(db: Database, streamId: number, key: string, status: 'active' | 'removed'): Promise<void> {
  await db.query(`update records set status = $3, removed_at = case when $3 = 'removed' then now() else null end where stream_id = $1 and key = $2`, [streamId, key, status]);
  await writeChanges(db, streamId, [{ key, kind: status === 'removed' ? 'removed' : 'restored', fields: null }]);
}
