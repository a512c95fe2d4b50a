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

const [phase, csv, dataDir, url] = process.argv.slice(2) as [string, string, string, string | undefined];
const env: Record<string, string> = { SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'silent', ...(url ? { SLUICE_DATABASE_URL: url } : {}) };
if (process.env.SLUICE_BATCH_SIZE) env.SLUICE_BATCH_SIZE = process.env.SLUICE_BATCH_SIZE;
const config = loadConfig(env);
const t0 = performance.now();
let rows = 0;
let status = 'n/a';

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
  const s = await runSync(app, { connection: 'bench' });
  rows = s.streams.bench?.fetched ?? 0;
  status = s.status;
  await app.close();
} else {
  // The yardstick: the same rows bulk-upserted straight into a table, with no validation, diff or history.
  const db = await openDatabase(url ? { url } : { dataDir });
  await migrate(db);
  await db.exec('create table if not exists bench_raw (key text primary key, data jsonb not null, hash text not null)');
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
  await db.close();
}
const seconds = (performance.now() - t0) / 1000;
const mem = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ heap_mb: Math.round(mem.heapUsed / 1048576), array_buffers_mb: Math.round(mem.arrayBuffers / 1048576), phase, rows, status, seconds, records_per_s: Math.round(rows / seconds), peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
process.exit(0);
