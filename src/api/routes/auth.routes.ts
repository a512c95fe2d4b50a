import { z } from 'zod';
import type { TokenPair } from '../../auth/auth-service.js';
import { completeSetup } from '../../auth/bootstrap-admin.js';
import { ROLES } from '../../auth/permissions.js';
import { ROLE_PERMISSIONS } from '../../auth/permissions.js';
import { findUserById } from '../../auth/user-store.js';
import { SluiceError } from '../../core/errors.js';
import { principalOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { assertCsrf, clearSessionCookies, isSecureRequest, REFRESH_COOKIE, setSessionCookies } from '../session-cookies.js';

const tokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  refresh_expires_in: z.number().int(),
  csrf_token: z.string().describe('echo in X-CSRF-Token on state-changing requests made with the session cookies'),
  user: z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES) }),
});

/** The body of a login or refresh answer (the same tokens are also set as browser cookies). */
function tokenBody(pair: TokenPair, csrf: string): z.infer<typeof tokenResponse> {
  return {
    access_token: pair.accessToken,
    refresh_token: pair.refreshToken,
    token_type: 'Bearer' as const,
    expires_in: pair.expiresIn,
    refresh_expires_in: pair.refreshExpiresIn,
    csrf_token: csrf,
    user: pair.user,
  };
}

const me = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  permissions: z.array(z.string()),
  credential: z.enum(['session', 'api_token']),
  last_login_at: z.string().nullable(),
});

export const authRoutes: RouteModule = (f, deps) => {
  const publicUrl = deps.app.config.server.publicUrl;

  f.post('/api/v1/auth/login', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Sign in; returns tokens and sets the browser session cookies',
      body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1024) }),
      response: { 200: tokenResponse },
    },
  }, async (req, reply) => {
    const pair = await deps.auth.login(req.body.email, req.body.password, { requestId: req.id, ip: req.ip });
    return tokenBody(pair, setSessionCookies(reply, pair, isSecureRequest(req, publicUrl)));
  });

  f.post('/api/v1/auth/refresh', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Rotate the refresh token (body, or the session cookie with X-CSRF-Token); a reused token revokes the session',
      body: z.object({ refresh_token: z.string().min(1).max(200).optional() }).optional(),
      response: { 200: tokenResponse },
    },
  }, async (req, reply) => {
    let token = req.body?.refresh_token;
    if (!token) {
      token = req.cookies[REFRESH_COOKIE];
      if (token) assertCsrf(req);
    }
    if (!token) throw new SluiceError('unauthenticated', 'send refresh_token in the body or the session cookie');
    const pair = await deps.auth.refresh(token, { requestId: req.id, ip: req.ip });
    return tokenBody(pair, setSessionCookies(reply, pair, isSecureRequest(req, publicUrl)));
  });

  f.post('/api/v1/auth/logout', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'End the session (the refresh-token family) and clear the cookies',
      body: z.object({ refresh_token: z.string().min(1).max(200).optional() }).optional(),
      response: { 200: z.object({ ok: z.literal(true) }) },
    },
  }, async (req, reply) => {
    if (req.credentialSource === 'cookie') assertCsrf(req);
    const sessionId = req.principal?.kind === 'session' ? req.principal.credentialId : undefined;
    const token = req.body?.refresh_token ?? req.cookies[REFRESH_COOKIE];
    await deps.auth.logout(token, sessionId, { requestId: req.id, ip: req.ip });
    clearSessionCookies(reply);
    return { ok: true as const };
  });

  f.get('/api/v1/auth/me', {
    config: { auth: 'user' },
    schema: { tags: ['auth'], summary: 'The signed-in user or token owner, with effective permissions', response: { 200: me } },
  }, async (req) => {
    const p = principalOf(req);
    const u = await findUserById(deps.app.db, p.userId);
    return {
      id: p.userId,
      email: p.email,
      role: p.role,
      permissions: [...ROLE_PERMISSIONS[p.role]],
      credential: p.kind,
      last_login_at: u?.last_login_at ? new Date(u.last_login_at).toISOString() : null,
    };
  });

  f.post('/api/v1/auth/setup', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Create the first admin with the one-time setup token printed at first start',
      body: z.object({ token: z.string().min(1).max(200), email: z.email(), password: z.string().min(12).max(1024) }),
      response: { 201: z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES) }) },
    },
  }, async (req, reply) => {
    const u = await completeSetup(deps.app.db, { ...req.body, now: deps.now() });
    return reply.status(201).send({ id: u.id, email: u.email, role: u.role });
  });
};
