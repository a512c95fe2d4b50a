import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { freshPgDatabase } from './fresh-pg-database.js';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: { url: string; connections: number; duration: number; headers: Record<string, string> }) => Promise<AutocannonResult>;
// autocannon ships no type declarations; only its promise form is used.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

interface Phase {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Interface;
  ask(cmd: string): Promise<Record<string, unknown>>;
}

async function startPhase(kind: string, rows: number, dataDir: string, url: string | undefined): Promise<{ phase: Phase; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'api-server-phase.ts'), kind, String(rows), dataDir, ...(url ? [url] : [])], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const lines = createInterface({ input: child.stdout });
  const it = lines[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => {
    const r = await it.next();
    if (r.done) throw new Error(`the ${kind} server phase ended early`);
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const ready = await next();
  return {
    ready,
    phase: {
      child,
      lines,
      async ask(cmd) {
        child.stdin.write(`${cmd}\n`);
        return next();
      },
    },
  };
}

/** Streams the whole export, counting lines, without keeping it. */
async function timeExport(address: string, token: string): Promise<{ seconds: number; lines: number; mb: number }> {
  const t0 = performance.now();
  const res = await fetch(`${address}/api/v1/streams/bench/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok || !res.body) throw new Error(`export failed: ${res.status}`);
  let lines = 0;
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { seconds: (performance.now() - t0) / 1000, lines, mb: bytes / 1_048_576 };
}

async function benchOne(kind: 'pglite' | 'postgres', rows: number, duration: number, connections: number, pgBase: string | undefined) {
  const dataDir = mkdtempSync(join(tmpdir(), `sluice-bench-api-${kind}-`));
  const pg = kind === 'postgres' && pgBase ? await freshPgDatabase(pgBase, 'sluice_bench_api') : undefined;
  const { phase, ready } = await startPhase(kind, rows, dataDir, pg?.url);
  try {
    const address = ready.address as string;
    const token = ready.token as string;
    const headers = { authorization: `Bearer ${token}` };
    const path = '/api/v1/streams/bench/records?where=country:eq:FR&sort=name&limit=50';
    // The export runs first, on the freshly started server, so its peak RSS is the export's and not the heap left
    // behind by 100 concurrent page clients.
    const atStart = await phase.ask('reset');
    const exp = await timeExport(address, token);
    const peak = await phase.ask('peak');
    // Warm-up: plans, JIT, connection pool.
    await autocannon({ url: `${address}${path}`, connections: 10, duration: 2, headers });
    const page = await autocannon({ url: `${address}${path}`, connections, duration, headers });
    // The yardstick, in the same run: a bare Fastify + pg server running the same query.
    const bareUrl = `${ready.bare_address as string}/records`;
    await autocannon({ url: bareUrl, connections: 10, duration: 2, headers: {} });
    const bare = await autocannon({ url: bareUrl, connections, duration, headers: {} });
    const ratio = page.latency.p99 / bare.latency.p99;
    return {
      rows,
      seed_seconds: Number((ready.seed_seconds as number).toFixed(1)),
      index_seconds: Number((ready.index_seconds as number).toFixed(1)),
      page: {
        query: path,
        connections,
        duration_s: duration,
        requests_per_s: Math.round(page.requests.average),
        p50_ms: page.latency.p50,
        p99_ms: page.latency.p99,
        non_2xx: page.non2xx,
        errors: page.errors + page.timeouts,
      },
      bare_fastify_pg: { requests_per_s: Math.round(bare.requests.average), p50_ms: bare.latency.p50, p99_ms: bare.latency.p99, non_2xx: bare.non2xx },
      targets: {
        p99_ms: { value: page.latency.p99, target: '<= 50', met: page.latency.p99 <= 50 },
        p99_vs_bare: { ratio: Number(ratio.toFixed(2)), target: '<= 2', met: ratio <= 2 },
        export_peak_rss_mb: { value: Math.round(peak.peak_rss_mb as number), target: '<= 300', met: (peak.peak_rss_mb as number) <= 300 },
      },
      export_csv: {
        seconds: Number(exp.seconds.toFixed(1)),
        lines: exp.lines,
        mb: Number(exp.mb.toFixed(1)),
        server_rss_after_seed_mb: Math.round(ready.rss_mb as number),
        server_rss_at_export_start_mb: Math.round(atStart.rss_mb as number),
        server_peak_rss_mb: Math.round(peak.peak_rss_mb as number),
        server_peak_heap_mb: Math.round(peak.peak_heap_mb as number),
        server_peak_external_mb: Math.round(peak.peak_external_mb as number),
      },
    };
  } finally {
    await phase.ask('stop').catch(() => undefined);
    phase.lines.close();
    await pg?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `npm run bench -- api [--rows 1000000] [--db pglite|postgres|both] [--pg-url URL] [--duration 20] [--connections 100]`
 * A filtered, sorted page of 50 records under autocannon, then a streamed CSV export of the whole stream.
 * Targets: p99 ≤ 50 ms on PostgreSQL; export peak RSS ≤ 300 MB.
 */
export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const rows = Number(opts.rows ?? 1_000_000);
  const duration = Number(opts.duration ?? 20);
  const connections = Number(opts.connections ?? 100);
  const pgBase = opts['pg-url'] ?? process.env.SLUICE_TEST_PG_URL ?? process.env.SLUICE_DATABASE_URL;
  const which = opts.db ?? (pgBase ? 'both' : 'pglite');
  const kinds = (which === 'both' ? ['postgres', 'pglite'] : [which]) as ('pglite' | 'postgres')[];
  const out: Record<string, unknown> = { targets: { postgres_page_p99_ms: 50, export_peak_rss_mb: 300 } };
  for (const kind of kinds) {
    if (kind === 'postgres' && !pgBase) throw new Error('--db postgres needs --pg-url or SLUICE_TEST_PG_URL');
    out[kind] = await benchOne(kind, rows, duration, connections, pgBase);
  }
  return out;
}
