#!/usr/bin/env node
// `npm run test:faults`: the fault suite (test/faults) at full strength — 50 SIGKILL trials per scenario and database,
// a 50 000-row CSV, 1 000 inputs per property — then one table of every scenario. `npm test` runs the same files
// with the short defaults (test/faults/fault-config.ts). Override: SLUICE_FAULT_TRIALS, SLUICE_FAULT_CSV_ROWS,
// SLUICE_FAULT_PROPERTY_RUNS, SLUICE_FAULT_SEED; extra arguments go to vitest (e.g. a file to run only it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = join(mkdtempSync(join(tmpdir(), 'sluice-faults-')), 'faults.jsonl');
const env = {
  ...process.env,
  SLUICE_FAULT_TRIALS: process.env.SLUICE_FAULT_TRIALS ?? '50',
  SLUICE_FAULT_CSV_ROWS: process.env.SLUICE_FAULT_CSV_ROWS ?? '50000',
  SLUICE_FAULT_PROPERTY_RUNS: process.env.SLUICE_FAULT_PROPERTY_RUNS ?? '1000',
  SLUICE_FAULT_REPORT: report,
};
if (!process.env.SLUICE_TEST_PG_URL) process.stderr.write('test:faults: SLUICE_TEST_PG_URL is not set: PGlite only (the PostgreSQL-server variants are skipped)\n');
process.stderr.write(`test:faults: ${env.SLUICE_FAULT_TRIALS} trials per scenario, ${env.SLUICE_FAULT_CSV_ROWS} CSV rows, ${env.SLUICE_FAULT_PROPERTY_RUNS} inputs per property\n`);
const files = process.argv.slice(2).length ? process.argv.slice(2) : ['test/faults'];
const r = spawnSync('npx', ['vitest', 'run', '--maxWorkers=1', ...files], { stdio: 'inherit', cwd: root, env });

const rows = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const cols = ['scenario', 'database', 'trials', 'kills', 'lost', 'duplicated', 'cursorAhead'];
const heads = ['scenario', 'database', 'trials', 'kills', 'lost', 'duplicated', 'cursor-ahead'];
const cells = rows.map((row) => cols.map((c) => String(row[c])));
const widths = heads.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (vals) => `| ${vals.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
process.stdout.write(`\n${[line(heads), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')}\n`);
const bad = rows.filter((row) => row.lost + row.duplicated + row.cursorAhead > 0);
process.stdout.write(`\nfaults: ${rows.length} scenario rows, ${bad.length} with a broken invariant; vitest exit ${r.status}\n`);
process.exit(r.status === 0 && bad.length === 0 ? 0 : 1);
