import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { freshPgDatabase } from './fresh-pg-database.js';

const CITIES = ['Lisbon', 'Jakarta', 'Austin', 'Osaka', 'Nairobi', 'Lyon', 'Quito', 'Perth', 'Oslo', 'Pune'];

/** 12 mixed columns; `variant` changes 1 % of rows (every 100th) so a reload has real updates. */
async function writeCsv(file: string, n: number, variant: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('id,name,email,phone,city,country,amount,qty,active,created,notes,category\n');
  for (let i = 0; i < n; i++) {
    const changed = variant > 0 && i % 100 === 0;
    const line = `${i},"Person ${i}${changed ? ` v${variant}` : ''}",user${i}@example.com,+1 555 ${String(100 + (i % 900)).padStart(3, '0')} ${String(i % 10000).padStart(4, '0')},${CITIES[i % 10]},${['US', 'PT', 'ID', 'JP'][i % 4]},${(i * 1.37).toFixed(2)},${i % 50},${i % 3 === 0},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},"note, with comma ${i % 7}",cat${i % 20}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function phase(kind: string, csv: string, dataDir: string, url: string | undefined): Record<string, unknown> {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'ingest-phase.ts'), kind, csv, dataDir, ...(url ? [url] : [])];
  const out = execFileSync(process.execPath, args, { cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 20, env: process.env });
  return JSON.parse(out.toString().trim().split('\n').pop()!) as Record<string, unknown>;
}

/** `npm run bench -- ingest [--rows 1000000] [--db pglite|postgres|both] [--pg-url URL]` */
export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const n = Number(opts.rows ?? 1_000_000);
  const pgBase = opts['pg-url'] ?? process.env.SLUICE_TEST_PG_URL ?? process.env.SLUICE_DATABASE_URL;
  const which = opts.db ?? (pgBase ? 'both' : 'pglite');
  if (which !== 'pglite' && !pgBase) throw new Error('PostgreSQL runs need --pg-url or SLUICE_TEST_PG_URL');
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  const results: Record<string, unknown> = {
    rows: n, columns: 12, batch_size: Number(process.env.SLUICE_BATCH_SIZE ?? 5000), validate_threads: Number(process.env.SLUICE_VALIDATE_THREADS ?? 0),
    node_options: process.env.NODE_OPTIONS ?? '',
    // The machine's load at the start and end: figures from a busy machine are not comparable with an idle one's.
    load_average_start: loadavg().map((x) => Number(x.toFixed(2))),
  };
  try {
    const base = join(dir, 'base.csv');
    const changed = join(dir, 'changed.csv');
    process.stderr.write(`generating ${n} rows…\n`);
    await writeCsv(base, n, 0);
    await writeCsv(changed, n, 1);
    for (const db of which === 'both' ? ['pglite', 'postgres'] : [which]) {
      process.stderr.write(`${db}: …\n`);
      const pg = db === 'postgres' ? await freshPgDatabase(pgBase!, 'sluice_bench') : undefined;
      const dataDir = join(dir, `data-${db}`);
      const rawDir = join(dir, `raw-${db}`);
      const rawPg = db === 'postgres' ? await freshPgDatabase(pgBase!, 'sluice_bench') : undefined;
      try {
        const first = phase('sync', base, dataDir, pg?.url);
        process.stderr.write(`  first load ${JSON.stringify(first)}\n`);
        const unchanged = phase('sync', base, dataDir, pg?.url);
        process.stderr.write(`  unchanged ${JSON.stringify(unchanged)}\n`);
        // Same connection, new content: point it at the changed file by swapping files on disk.
        rmSync(base);
        execFileSync('cp', [changed, base]);
        const onePct = phase('sync', base, dataDir, pg?.url);
        process.stderr.write(`  1% changed ${JSON.stringify(onePct)}\n`);
        const raw = phase('raw', changed, rawDir, rawPg?.url);
        process.stderr.write(`  raw bulk upsert ${JSON.stringify(raw)}\n`);
        const read = phase('read', changed, rawDir, undefined);
        process.stderr.write(`  read + hash ${JSON.stringify(read)}\n`);
        const sec = (p: Record<string, unknown>) => p.seconds as number;
        const r2 = (x: number) => Number(x.toFixed(2));
        results[db] = {
          first_load: first,
          unchanged_reload: unchanged,
          one_percent_changed_reload: onePct,
          raw_bulk_upsert: raw,
          read_and_hash: read,
          targets: {
            first_load_vs_raw_bulk_upsert: { ratio: r2(sec(raw) / sec(first)), target: '>= 0.5', met: sec(raw) / sec(first) >= 0.5 },
            unchanged_vs_read_and_hash: { ratio: r2(sec(unchanged) / sec(read)), target: '<= 2', met: sec(unchanged) / sec(read) <= 2 },
            unchanged_writes: { writes: unchanged.writes, target: 0, met: unchanged.writes === 0 },
            one_percent_vs_unchanged: { ratio: r2(sec(onePct) / sec(unchanged)), target: '<= 1.2', met: sec(onePct) / sec(unchanged) <= 1.2 },
            ...(db === 'postgres'
              ? { peak_rss_mb: { ingest: Math.max(first.peak_rss_mb as number, unchanged.peak_rss_mb as number, onePct.peak_rss_mb as number), target: '<= 300', met: Math.max(first.peak_rss_mb as number, unchanged.peak_rss_mb as number, onePct.peak_rss_mb as number) <= 300 } }
              : {}),
          },
        };
      } finally {
        await pg?.drop();
        await rawPg?.drop();
      }
      await writeCsv(base, n, 0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.load_average_end = loadavg().map((x) => Number(x.toFixed(2)));
  return results;
}
