#!/usr/bin/env node
// `npm test`: runs the whole suite and says up front what it will skip on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.SLUICE_SHARED_DIR ?? join(root, '../shared'));
const notes = [];
if (!process.env.SLUICE_TEST_PG_URL) notes.push('PostgreSQL-server variants (set SLUICE_TEST_PG_URL=postgres://… to run them)');
if (!existsSync(join(shared, 'upstreams'))) notes.push(`contract tests against recorded upstream responses (no ${shared})`);
if (!process.env.SLUICE_TEST_REDIS_URL) notes.push('cross-process Redis rate-limit tests (set SLUICE_TEST_REDIS_URL=redis://…)');
if (!existsSync('/usr/bin/chromium')) notes.push('the web UI tests in a real browser (install Debian package chromium)');
if (!existsSync(join(root, 'web/dist/index.html'))) notes.push('the web UI tests (no web/dist: run npm run build:web)');
if (!hasCommand('promtool')) notes.push('the promtool check of /metrics (install Debian package prometheus)');
if (notes.length) {
  process.stderr.write(`sluice tests: skipping on this machine:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
} else {
  process.stderr.write('sluice tests: running everything (PGlite and PostgreSQL, recorded contracts, Redis, promtool)\n');
}
const report = join(mkdtempSync(join(tmpdir(), 'sluice-test-')), 'vitest.json');
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', cwd: root, env: process.env });
// One plain closing line that any CI can read, whatever the reporter printed above it.
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
  process.stdout.write(`\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped\n`);
} catch {
  process.stdout.write('\ntests: 0 passed, 1 failed (no test report was written)\n');
}
process.exit(r.status ?? 1);
