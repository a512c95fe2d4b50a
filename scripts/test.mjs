#!/usr/bin/env node
// `npm test`: runs the whole suite and says up front what it will skip on this machine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
if (!hasCommand('promtool')) notes.push('the promtool check of /metrics (install Debian package prometheus)');
if (notes.length) {
  process.stderr.write(`sluice tests: skipping on this machine:\n${notes.map((n) => `  - ${n}`).join('\n')}\n`);
} else {
  process.stderr.write('sluice tests: running everything (PGlite and PostgreSQL, recorded contracts, Redis, promtool)\n');
}
const args = ['vitest', 'run', ...process.argv.slice(2)];
const r = spawnSync('npx', args, { stdio: 'inherit', cwd: root, env: process.env });
process.exit(r.status ?? 1);
