/**
 * Child process of `bench/api.bench.ts`: opens a database (PGlite folder or PostgreSQL URL), fills a stream of N
 * records with set-based SQL, starts the API server and answers the parent on stdin: `reset` starts a new RSS peak
 * window, `peak` prints the window's peak RSS (MB), `stop` exits. Run apart so the server's memory is measured alone.
 */
import { createInterface } from 'node:readline';
import { createServer } from '../src/api/create-server.js';
import { createApiToken } from '../src/auth/api-token-store.js';
import { createUser } from '../src/auth/user-store.js';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { createLogger } from '../src/observability/logger.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { seedBenchStream } from './seed-bench-stream.js';
import { declareStreamIndex } from '../src/store/stream-indexes.js';
import { buildRecordQuery } from '../src/store/records-query.js';
import Fastify from 'fastify';
import pg from 'pg';

const [kind, n, dataDir, url] = process.argv.slice(2) as [string, string, string, string | undefined];
const rows = Number(n);
const t0 = performance.now();
const db = await openDatabase(kind === 'postgres' ? { url, poolSize: 20 } : { dataDir });
await migrate(db);
const stream = await seedBenchStream(db, rows);
const seedSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
// The page query filters on country and sorts by name: the stream index Sluice builds for that declaration serves it.
await declareStreamIndex(db, { stream: 'bench', fields: ['country'], sort: 'name', source: 'settings' });
await db.query('analyze records');
const indexSeconds = (performance.now() - t1) / 1000;

const config = loadConfig({
  SLUICE_DATA_DIR: dataDir,
  SLUICE_LOG_LEVEL: 'silent',
  SLUICE_LOG_PRETTY: 'false',
  SLUICE_RATE_LIMIT_PER_MINUTE: '1000000',
  ...(url ? { SLUICE_DATABASE_URL: url } : {}),
});
const app = await createAppContext(config, { db, migrate: false, logger: createLogger({ level: 'silent', pretty: false }) });
const server = await createServer(app, {});
const user = await createUser(db, { email: 'bench@example.com', password: 'bench password 123', role: 'viewer' });
const { token } = await createApiToken(db, { userId: user.id, ownerRole: 'viewer', name: 'bench', now: new Date() });
const address = await server.listen({ port: 0, host: '127.0.0.1' });

// The yardstick: a bare Fastify server with a plain pg pool (PostgreSQL) running the same SQL for the same page, with
// no auth, no rate limit, no validation.
const bare = Fastify();
const barePool = url ? new pg.Pool({ connectionString: url, max: 20 }) : undefined;
bare.get('/records', async () => {
  const q = buildRecordQuery({ streamId: stream.id, fields: stream.schema.fields, where: ['country:eq:FR'], sort: 'name', limit: 51 });
  const { rows } = barePool ? await barePool.query(q.text, q.params) : await db.query(q.text, q.params);
  return { items: rows.slice(0, 50), next_cursor: null };
});
const bareAddress = await bare.listen({ port: 0, host: '127.0.0.1' });

let peak = 0;
let peakHeap = 0;
let peakExternal = 0;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  peakHeap = Math.max(peakHeap, m.heapTotal);
  peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
}, 25);
process.stdout.write(`${JSON.stringify({ address, bare_address: bareAddress, token, seed_seconds: seedSeconds, index_seconds: indexSeconds, rss_mb: process.memoryUsage.rss() / 1_048_576 })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'reset') {
    peak = process.memoryUsage.rss();
    peakHeap = process.memoryUsage().heapTotal;
    peakExternal = 0;
    process.stdout.write(`${JSON.stringify({ rss_mb: peak / 1_048_576 })}\n`);
  } else if (line === 'peak') {
    process.stdout.write(
      `${JSON.stringify({ peak_rss_mb: Math.max(peak, process.memoryUsage.rss()) / 1_048_576, peak_heap_mb: peakHeap / 1_048_576, peak_external_mb: peakExternal / 1_048_576 })}\n`,
    );
  } else if (line === 'stop') break;
}
clearInterval(sample);
await bare.close();
await barePool?.end();
await server.close();
await app.close();
await db.close();
process.exit(0);
