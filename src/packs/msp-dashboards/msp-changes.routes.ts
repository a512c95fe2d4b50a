import { z } from 'zod';
import { actorOf } from '../../api/access-control.js';
import type { RouteModule } from '../../api/api-deps.js';
import { limitParam } from '../../api/api-schemas.js';
import { RISK_LEVELS } from './config-risk.js';
import { listLoggedChanges, logChange, loggedChangeInput } from './change-log-store.js';
import { toolRiskDefaults } from './msp-settings.js';

const loggedChange = z.object({
  change_id: z.string(),
  site: z.string(),
  site_id: z.string().nullable(),
  device: z.string().nullable(),
  tool: z.string(),
  vendor: z.string().nullable(),
  category: z.string(),
  action: z.string(),
  summary: z.string(),
  details: z.string().nullable(),
  engineer: z.string().nullable(),
  ticket_id: z.string().nullable(),
  rollback_plan: z.string().nullable(),
  risk_level: z.enum(RISK_LEVELS),
  logged_by: z.string(),
  logged_at: z.string(),
});

/** The msp-dashboards change log: `POST` logs a change (422 `rollback_plan_required` for a risky one without a plan). */
export const mspChangesRoutes: RouteModule = (f, deps) => {
  f.post('/api/v1/packs/msp-dashboards/changes', {
    config: { auth: 'connections:write' },
    schema: {
      tags: ['packs'],
      summary: 'Log a configuration change (risk assessed; high or critical needs a rollback plan)',
      body: loggedChangeInput,
      response: { 201: loggedChange },
    },
  }, async (req, reply) => {
    const row = await logChange(deps.app.db, req.body, { actor: actorOf(req), toolDefaults: await toolRiskDefaults(deps.app) });
    return reply.code(201).send(row);
  });

  f.get('/api/v1/packs/msp-dashboards/changes', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['packs'],
      summary: 'Logged configuration changes, newest first',
      querystring: z.object({ site: z.string().max(200).optional(), since: z.iso.datetime({ offset: true }).optional(), limit: limitParam }),
      response: { 200: z.object({ items: z.array(loggedChange) }) },
    },
  }, async (req) => ({ items: await listLoggedChanges(deps.app.db, { site: req.query.site, since: req.query.since, limit: req.query.limit }) }));
};
