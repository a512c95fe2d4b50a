import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { needsRule } from '../access-control.js';
import { statusPageHtml } from '../status-page.js';

/** Answers a request no route matched, or returns false to let the JSON 404 answer it. */
export type WebFallback = (req: FastifyRequest, reply: FastifyReply) => FastifyReply | false;

/** Client-side routes (/data/…, /jobs?…) get the app shell; API, health and metrics paths never do. */
export function wantsAppShell(req: FastifyRequest): boolean {
  const path = req.url.split('?')[0] ?? '/';
  return (req.method === 'GET' || req.method === 'HEAD') && !needsRule(path) && !/\.[a-z0-9]{1,8}$/i.test(path);
}

/**
 * `sluice start` serves the web UI build (web/dist) with @fastify/static: hashed assets cached for a year, everything
 * else revalidated. Without a build it serves a status page that lists what the API offers (the live route table).
 * Returns the fallback for unmatched paths (index.html for client routes).
 */
export async function registerWebRoutes(fastify: FastifyInstance, opts: { dir?: string | undefined }): Promise<WebFallback> {
  const dir = resolve(opts.dir ?? 'web/dist');
  if (!existsSync(join(dir, 'index.html'))) {
    fastify.get('/', { config: { auth: 'public' }, schema: { hide: true } }, async (_req, reply) =>
      reply.type('text/html; charset=utf-8').send(statusPageHtml(fastify)),
    );
    return (req, reply) => (wantsAppShell(req) ? reply.type('text/html; charset=utf-8').send(statusPageHtml(fastify)) : false);
  }
  await fastify.register(fastifyStatic, {
    root: dir,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return (req, reply) => (wantsAppShell(req) ? reply.header('cache-control', 'no-cache').sendFile('index.html') : false);
}
