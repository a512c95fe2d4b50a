/**
 * One phase of the ingest benchmark in its own process, so each phase's peak RSS is its own:
 * `node --import tsx bench/ingest-phase.ts <sync|raw> <csv> <dataDir> [databaseUrl]` prints one JSON line.
 */
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { createConnection } from '../src/store/connection-store.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { contentHash } from '../src/core/content-hash.js';
import { rawFingerprint, rawHash } from '../src/pipeline/raw-hash.js';

const [phase, csv, dataDir, url] = process.argv.slice(2) as [string, string, string, string | undefined];
const env: Record<string, string> = { SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'silent', ...(url ? { SLUICE_DATABASE_URL: url } : {}) };
for (const k of ['SLUICE_BATCH_SIZE', 'SLUICE_VALIDATE_THREADS']) if (process.env[k]) env[k] = process.env[k];
const config = loadConfig(env);
// Each phase times its work only (opening the database and migrating are not part of a sync's cost per record).
let t0 = performance.now();
let rows = 0;
let status = 'n/a';
let writes: number | undefined;

if (phase === 'sync') {
  const app = await createAppContext(config, { logger: pino({ level: 'silent' }) });
  const exists = await app.db.query("select 1 from connections where name = 'bench'");
  if (exists.rows.length === 0) {
    await createConnection(app.db, app.secrets, {
      name: 'bench', connector: 'csv',
      config: { path: csv, stream: 'bench', key: 'id', types: 'email:email,phone:phone,amount:number,qty:integer,active:boolean,created:date' },
      settings: { max_removal_share: 1 },
    });
  }
  // Writes of the run: record rows it rewrote (their xmin is newer than the run) and change rows it added.
  const before = Number((await app.db.query<{ x: string }>('select (txid_current() % 4294967296)::text as x')).rows[0]!.x);
  t0 = performance.now();
  const s = await runSync(app, { connection: 'bench' });
  const syncSeconds = (performance.now() - t0) / 1000;
  rows = s.streams.bench?.fetched ?? 0;
  status = s.status;
  const w = await app.db.query<{ n: number }>(
    `select (select count(*) from records where xmin::text::bigint > $1)::int + (select count(*) from changes where run_id = $2::uuid)::int as n`,
    [before, s.run_id]);
  writes = w.rows[0]!.n;
  await app.close();
  t0 = performance.now() - syncSeconds * 1000;
} else if (phase === 'read') {
  // The yardstick of an unchanged re-sync: reading the same file and hashing each raw row, nothing else.
  const fp = rawFingerprint({ bench: true });
  let sink = 0;
  for await (const rec of createReadStream(csv).pipe(parse({ columns: true })) as AsyncIterable<Record<string, string>>) {
    sink ^= rawHash(fp, rec).charCodeAt(0);
    rows++;
  }
  status = sink >= 0 ? 'succeeded' : 'n/a';
} else {
  // The yardstick: the same rows bulk-upserted straight into a table, with no validation, diff or history.
  const db = await openDatabase(url ? { url } : { dataDir });
  await migrate(db);
  await db.exec('create table if not exists bench_raw (key text primary key, data jsonb not null, hash text not null)');
  t0 = performance.now();
  const parser = createReadStream(csv).pipe(parse({ columns: true }));
  let batch: { key: string; data: unknown; hash: string }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const json = JSON.stringify(batch);
    batch = [];
    await db.query(
      `insert into bench_raw (key, data, hash) select x.key, x.data, x.hash from jsonb_to_recordset($1::jsonb) as x(key text, data jsonb, hash text)
       on conflict (key) do update set data = excluded.data, hash = excluded.hash`, [json]);
  };
  for await (const rec of parser as AsyncIterable<Record<string, string>>) {
    batch.push({ key: rec.id!, data: rec, hash: contentHash(rec) });
    rows++;
    if (batch.length >= config.batchSize) await flush();
  }
  await flush();
  status = 'succeeded';
  const rawSeconds = (performance.now() - t0) / 1000;
  await db.close();
  t0 = performance.now() - rawSeconds * 1000;
}
const seconds = (performance.now() - t0) / 1000;
const mem = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ ...(writes === undefined ? {} : { writes }), heap_mb: Math.round(mem.heapUsed / 1048576), array_buffers_mb: Math.round(mem.arrayBuffers / 1048576), phase, rows, status, seconds, records_per_s: Math.round(rows / seconds), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
process.exit(0);
