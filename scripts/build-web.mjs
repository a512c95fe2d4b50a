#!/usr/bin/env node
// Builds the web UI (web/dist) so `npm install && npm start` serves it with no step to remember; run by the root
// package's `prepare` (npm install / npm ci) and by `npm run build` (which also type-checks the UI).
//   1. installs web/ from its own lockfile when its node_modules is missing or older than the lockfile;
//   2. writes the OpenAPI document (built in-process, no server) and generates web/src/api/schema.d.ts from it;
//   3. type-checks the UI (strict) against those types: a changed API breaks the build here;
//   4. bundles with Vite. `--check` stops after step 3.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'web');
const checkOnly = process.argv.includes('--check');
const started = Date.now();

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    process.stderr.write(`web build: ${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

const stamp = join(web, 'node_modules', '.package-lock.json');
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(join(web, 'package-lock.json')).mtimeMs) {
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], web);
}

const { register } = await import('tsx/esm/api');
register();
const { buildOpenApiDocument } = await import(pathToFileURL(join(root, 'src/api/openapi-document.ts')).href);
const doc = await buildOpenApiDocument();
mkdirSync(join(web, 'src/api'), { recursive: true });
writeFileSync(join(web, 'src/api/openapi.json'), `${JSON.stringify(doc, null, 2)}\n`);
run(join(web, 'node_modules/.bin/openapi-typescript'), ['src/api/openapi.json', '-o', 'src/api/schema.d.ts', '--silent'], web);
run(join(web, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--noEmit'], web);
if (!checkOnly) run(join(web, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], web);
process.stderr.write(`web build: ${checkOnly ? 'checked' : 'built web/dist'} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
