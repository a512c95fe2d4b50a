import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { statusPageHtml } from '../status-page.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * `sluice start` serves the web UI build (web/dist) when present: files by path, and index.html for client-side
 * routes. Without a build it serves a status page that lists what the API offers (from the live route table).
 */
export function registerWebRoutes(fastify: FastifyInstance, opts: { dir?: string | undefined }): void {
  const dir = resolve(opts.dir ?? 'web/dist');
  const hasUi = existsSync(join(dir, 'index.html'));
  fastify.get('/*', { config: { auth: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (!hasUi) return reply.type('text/html; charset=utf-8').send(statusPageHtml(fastify));
    const rel = normalize(decodeURIComponent((req.params as { '*': string })['*'] ?? ''));
    const file = resolve(dir, rel);
    const inside = file === dir || file.startsWith(dir + sep);
    const target = inside && rel !== '.' && existsSync(file) && statSync(file).isFile() ? file : join(dir, 'index.html');
    const type = TYPES[extname(target)] ?? 'application/octet-stream';
    const cache = target.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    return reply.type(type).header('cache-control', cache).send(await readFile(target));
  });
}
