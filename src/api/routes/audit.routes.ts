import { z } from 'zod';
import { listAudit } from '../../auth/audit-log.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate, limitParam } from '../api-schemas.js';

const entry = z.object({
  id: z.number().int(),
  at: isoDate,
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.string(),
  request_id: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const auditRoutes: RouteModule = (f, deps) => {
  f.get('/api/v1/audit', {
    config: { auth: 'audit:read' },
    schema: {
      tags: ['audit'],
      summary: 'Audit log, newest first (logins, user and token changes, secret reads, connection changes)',
      querystring: z.object({
        limit: limitParam,
        cursor: z.coerce.number().int().positive().optional().describe('next_cursor of the previous page'),
        action: z.string().max(100).optional(),
        actor: z.string().max(400).optional(),
      }),
      response: { 200: z.object({ items: z.array(entry), next_cursor: z.number().int().nullable() }) },
    },
  }, async (req) => {
    const rows = await listAudit(deps.app.db, { before: req.query.cursor, limit: req.query.limit, action: req.query.action, actor: req.query.actor });
    const items = rows.map((r) => ({ ...r, id: Number(r.id), at: iso(r.at) }));
    const last = items[items.length - 1];
    return { items, next_cursor: items.length === req.query.limit && last ? last.id : null };
  });
};
