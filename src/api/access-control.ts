import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthService, Principal } from '../auth/auth-service.js';
import { hasPermission } from '../auth/permissions.js';
import { SluiceError } from '../core/errors.js';
import type { ApiRateLimiter } from './rate-limit.js';
import type { RouteEntry } from './route-rule.js';
import { ACCESS_COOKIE, assertCsrf } from './session-cookies.js';

/** Paths whose routes must declare an auth rule: the API and the probes. */
export function needsRule(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/health') || url === '/metrics';
}

function bearerOf(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h === undefined) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  if (!m?.[1]) throw new SluiceError('unauthenticated', 'the Authorization header must be "Bearer <token>"');
  return m[1];
}

/**
 * Rate limit → authenticate → rate limit per credential → authorize, for every request, before any handler runs.
 * Collects the route table and refuses to start when an API route has no rule.
 */
export function registerAccessControl(fastify: FastifyInstance, deps: { auth: AuthService; limiter: ApiRateLimiter }): RouteEntry[] {
  const table: RouteEntry[] = [];
  fastify.decorateRequest('principal', undefined);
  fastify.decorateRequest('credentialSource', undefined);

  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const auth = route.config?.auth;
    if (needsRule(route.url) && auth === undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no auth rule (config.auth)`);
    }
    if (auth === 'public' && route.schema) route.schema = { ...route.schema, security: [] };
    for (const m of methods) if (m !== 'HEAD') table.push({ method: m, url: route.url, auth });
  });

  fastify.addHook('onRequest', async (req, reply) => {
    const config = req.routeOptions.config;
    const rule = config.auth;
    const limited = config.rateLimit !== false && rule !== undefined;
    if (limited) await deps.limiter.consume('ip', req.ip, reply);

    let principal: Principal | undefined;
    try {
      const bearer = bearerOf(req);
      if (bearer) {
        principal = await deps.auth.authenticate(bearer);
        req.credentialSource = 'bearer';
      } else if (req.cookies[ACCESS_COOKIE]) {
        principal = await deps.auth.authenticate(req.cookies[ACCESS_COOKIE]);
        req.credentialSource = 'cookie';
      }
    } catch (err) {
      // A stale cookie or header does not stop a public route (the login form must work with an expired cookie).
      if (rule !== 'public') throw err;
    }
    req.principal = principal;
    if (rule === undefined || rule === 'public') return;
    if (!principal) throw new SluiceError('unauthenticated', 'sign in or send "Authorization: Bearer <token>"');
    if (limited) await deps.limiter.consume('credential', principal.credentialId, reply);
    if (req.credentialSource === 'cookie') assertCsrf(req);
    if (rule === 'user') return;
    if (!hasPermission(principal.role, rule)) {
      throw new SluiceError('forbidden', `the ${principal.role} role lacks the ${rule} permission`, {
        details: { required: rule, role: principal.role },
      });
    }
  });
  return table;
}

/** The principal of an authenticated route (the hook guarantees it). */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new SluiceError('unauthenticated', 'not signed in');
  return req.principal;
}

export function actorOf(req: FastifyRequest): string {
  const p = req.principal;
  if (!p) return 'anonymous';
  return p.kind === 'api_token' ? `token:${p.credentialId}` : `user:${p.email}`;
}
