import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { ROLES } from '../../auth/permissions.js';
import { createUser, deleteUser, getUser, listUsers, updateUser, type UserView } from '../../auth/user-store.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { idParam, iso, nullableIsoDate, isoDate } from '../api-schemas.js';

const user = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
  last_login_at: nullableIsoDate,
});

function out(u: UserView): z.infer<typeof user> {
  return { ...u, created_at: iso(u.created_at), updated_at: iso(u.updated_at), last_login_at: iso(u.last_login_at) };
}

export const userRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['users'];

  f.get('/api/v1/users', {
    config: { auth: 'users:read' },
    schema: { tags, summary: 'List users', response: { 200: z.object({ items: z.array(user) }) } },
  }, async () => ({ items: (await listUsers(db)).map(out) }));

  f.post('/api/v1/users', {
    config: { auth: 'users:write' },
    schema: {
      tags,
      summary: 'Create a user',
      body: z.object({ email: z.email(), password: z.string().min(12).max(1024), role: z.enum(ROLES) }),
      response: { 201: user },
    },
  }, async (req, reply) => {
    const u = await createUser(db, req.body);
    await writeAudit(db, { actor: actorOf(req), action: 'user.create', target: u.id, requestId: req.id, ip: req.ip, details: { email: u.email, role: u.role } });
    return reply.status(201).send(out(u));
  });

  f.get('/api/v1/users/:id', {
    config: { auth: 'users:read' },
    schema: { tags, summary: 'One user', params: idParam, response: { 200: user } },
  }, async (req) => out(await getUser(db, req.params.id)));

  f.patch('/api/v1/users/:id', {
    config: { auth: 'users:write' },
    schema: {
      tags,
      summary: 'Change role, password or disabled flag (a new password or disabling ends every session)',
      params: idParam,
      body: z.object({ role: z.enum(ROLES).optional(), password: z.string().min(12).max(1024).optional(), disabled: z.boolean().optional() }),
      response: { 200: user },
    },
  }, async (req) => {
    const u = await updateUser(db, req.params.id, req.body);
    await writeAudit(db, {
      actor: actorOf(req),
      action: 'user.update',
      target: u.id,
      requestId: req.id,
      ip: req.ip,
      details: { role: req.body.role, disabled: req.body.disabled, password_changed: req.body.password !== undefined },
    });
    return out(u);
  });

  f.delete('/api/v1/users/:id', {
    config: { auth: 'users:write' },
    schema: { tags, summary: 'Delete a user (the last admin cannot be deleted)', params: idParam, response: { 204: z.null() } },
  }, async (req, reply) => {
    await deleteUser(db, req.params.id);
    await writeAudit(db, { actor: actorOf(req), action: 'user.delete', target: req.params.id, requestId: req.id, ip: req.ip });
    return reply.status(204).send(null);
  });
};
