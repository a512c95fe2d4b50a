import { z } from 'zod';
import { createApiToken, listApiTokens, MAX_API_TOKEN_DAYS, revokeApiToken, type ApiTokenView } from '../../auth/api-token-store.js';
import { writeAudit } from '../../auth/audit-log.js';
import { hasPermission, ROLES } from '../../auth/permissions.js';
import { actorOf, principalOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { idParam, iso, isoDate, nullableIsoDate } from '../api-schemas.js';

const token = z.object({
  id: z.string(),
  user_id: z.string(),
  user_email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  prefix: z.string(),
  expires_at: isoDate,
  last_used_at: nullableIsoDate,
  revoked_at: nullableIsoDate,
  created_at: isoDate,
});

function out(t: ApiTokenView): z.infer<typeof token> {
  return {
    ...t,
    expires_at: iso(t.expires_at),
    last_used_at: iso(t.last_used_at),
    revoked_at: iso(t.revoked_at),
    created_at: iso(t.created_at),
  };
}

export const tokenRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['tokens'];

  f.get('/api/v1/tokens', {
    config: { auth: 'user' },
    schema: {
      tags,
      summary: 'API tokens: your own, or everyone\'s with tokens:read (admin)',
      response: { 200: z.object({ items: z.array(token) }) },
    },
  }, async (req) => {
    const p = principalOf(req);
    const all = hasPermission(p.role, 'tokens:read');
    return { items: (await listApiTokens(db, all ? undefined : p.userId)).map(out) };
  });

  f.post('/api/v1/tokens', {
    config: { auth: 'tokens:write' },
    schema: {
      tags,
      summary: 'Create an API token for yourself (shown once; its role is at most yours)',
      body: z.object({
        name: z.string().min(1).max(100),
        role: z.enum(ROLES).optional(),
        expires_in_days: z.number().int().min(1).max(MAX_API_TOKEN_DAYS).optional(),
      }),
      response: { 201: token.extend({ token: z.string().describe('the bearer token; it cannot be shown again') }) },
    },
  }, async (req, reply) => {
    const p = principalOf(req);
    const r = await createApiToken(db, {
      userId: p.userId,
      ownerRole: p.role,
      name: req.body.name,
      role: req.body.role,
      expiresInDays: req.body.expires_in_days,
      now: deps.now(),
    });
    await writeAudit(db, { actor: actorOf(req), action: 'token.create', target: r.view.id, requestId: req.id, ip: req.ip, details: { name: r.view.name, role: r.view.role } });
    return reply.status(201).send({ ...out(r.view), token: r.token });
  });

  f.delete('/api/v1/tokens/:id', {
    config: { auth: 'tokens:write' },
    schema: { tags, summary: 'Revoke an API token (your own; any with tokens:read)', params: idParam, response: { 204: z.null() } },
  }, async (req, reply) => {
    const p = principalOf(req);
    await revokeApiToken(db, req.params.id, hasPermission(p.role, 'tokens:read') ? undefined : p.userId);
    await writeAudit(db, { actor: actorOf(req), action: 'token.revoke', target: req.params.id, requestId: req.id, ip: req.ip });
    return reply.status(204).send(null);
  });
};
