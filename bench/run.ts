/**
 * `npm run bench -- <name> [--key value …]`: runs bench/<name>.bench.ts, prints a readable table and writes the
 * figures as JSON to bench/results/<name>-<timestamp>.json. Names: every bench/<name>.bench.ts.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Figures = Record<string, unknown>;

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) continue;
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) {
      out[a.slice(2)] = next;
      i++;
    } else out[a.slice(2)] = 'true';
  }
  // One flag names the PostgreSQL server for every bench; the older per-bench spellings stay accepted.
  const pg = PG_URL_FLAGS.map((k) => out[k]).find((v) => v !== undefined);
  if (pg !== undefined) for (const k of PG_URL_FLAGS) out[k] = pg;
  return out;
}

const PG_URL_FLAGS = ['pg-url', 'pg', 'db-url', 'dbUrl'];

function flatten(obj: unknown, prefix = ''): [string, string][] {
  if (obj === null || typeof obj !== 'object') return [[prefix, String(obj)]];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

const [first, ...tail] = process.argv.slice(2);
// No name (or only options): every target of the performance issue — ingest, api and jobs — one after the other.
const ALL = ['ingest', 'api', 'jobs'];
// Every bench/<name>.bench.ts is a benchmark: adding one needs no edit here.
const names = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const selected = first === undefined || first.startsWith('--') ? ALL : [first];
const rest = first === undefined || first.startsWith('--') ? process.argv.slice(2) : tail;
if (selected.some((n) => !names.includes(n))) {
  process.stderr.write(`usage: npm run bench -- [${names.join('|')}] [--key value …]  (no name: ${ALL.join(', ')})\n`);
  process.exit(64);
}
for (const name of selected) await runOne(name);
process.exit(0);

async function runOne(name: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(import.meta.dirname, `${name}.bench.ts`)).href)) as { run(opts: Record<string, string>): Promise<Figures> };
  const started = new Date();
  const figures = await mod.run(parseArgs(rest));
  const result = { bench: name, started_at: started.toISOString(), node: process.version, cpus: (await import('node:os')).cpus().length, figures };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${started.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  const rows = flatten(figures);
  const w = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${name} benchmark\n${'-'.repeat(w + 20)}\n${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n\nwritten to ${file}\n`);
}
