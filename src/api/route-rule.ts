import type { Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/auth-service.js';

/**
 * Every route declares who may call it in `config.auth`: `public` (no credentials), `user` (any signed-in user or
 * token) or one permission. The server refuses to start when an /api or /health route has no rule, and the
 * authorization test matrix is generated from the same table.
 */
export type RouteAuth = 'public' | 'user' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
    /** Exempt from rate limiting (probes and scrapes). */
    rateLimit?: false;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    /** How the principal was found: a bearer header, or the browser's session cookie (CSRF-checked). */
    credentialSource: 'bearer' | 'cookie' | undefined;
  }
}

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly auth: RouteAuth | undefined;
}
