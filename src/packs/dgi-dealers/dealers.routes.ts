import { z } from 'zod';
import { actorOf } from '../../api/access-control.js';
import type { RouteModule } from '../../api/api-deps.js';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import { addPackInstance } from '../install-pack.js';
import { DGI_PACK, listDealers, setDealerActive } from './dealer-admin.js';

const dealerView = z.object({
  name: z.string(),
  dealer_id: z.string().nullable(),
  dealer_name: z.string().nullable(),
  base_url: z.string().nullable(),
  overrides: z.record(z.string(), z.unknown()),
  secrets_set: z.array(z.string()).describe('which secrets are stored (values are write-only)'),
  active: z.boolean(),
  schedules: z.number().int().describe('active job-type schedules'),
});

const overrides = {
  base_url: z.string().url().optional(),
  timeout_ms: z.number().int().min(1_000).max(300_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
  requests_per_second: z.number().min(0.1).max(100).optional(),
  window_days: z.number().int().min(1).max(7).optional(),
  overlap_minutes: z.number().int().min(0).max(1440).optional(),
};

const createBody = z.object({
  name: z.string().min(1).max(41).describe('the dealer connection name (sluice sync <name>)'),
  dealer_id: z.string().min(1).max(10).describe('ODA code'),
  dealer_name: z.string().min(1).max(200),
  api_key: z.string().min(1),
  secret_key: z.string().min(1),
  ...overrides,
});

const updateBody = createBody.omit({ name: true }).partial();

const nameParam = z.object({ name: z.string().min(1).max(41) });

const asSettings = (body: Record<string, unknown>): Record<string, string | number | boolean> =>
  Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== 'name' && v !== undefined).map(([k, v]) => [`dealer.${k}`, v as string | number | boolean]));

/** The dgi-dealers dealer admin: add, update, list, deactivate and reactivate dealers (secrets write-only). */
export const dgiDealerRoutes: RouteModule = (f, deps) => {
  const app = deps.app;
  const tags = ['packs'];
  const requireDealer = async (name: string) => {
    const v = (await listDealers(app)).find((d) => d.name === name);
    if (!v) throw new SluiceError('not_found', `no dealer "${name}" in the ${DGI_PACK} pack`);
    return v;
  };

  f.get('/api/v1/packs/dgi-dealers/dealers', {
    config: { auth: 'connections:read' },
    schema: { tags, summary: 'The dgi-dealers pack’s dealers (secrets never shown)', response: { 200: z.object({ items: z.array(dealerView) }) } },
  }, async () => ({ items: await listDealers(app) }));

  f.post('/api/v1/packs/dgi-dealers/dealers', {
    config: { auth: 'admin:*' },
    schema: {
      tags,
      summary: 'Add a dealer: its DGI connection and one schedule per job type (host settings from the pack, overridable here)',
      body: createBody,
      response: { 201: dealerView },
    },
  }, async (req, reply) => {
    await addPackInstance(app, DGI_PACK, 'dealer', req.body.name, { set: asSettings(req.body) });
    await writeAudit(app.db, { actor: actorOf(req), action: 'dgi.dealer.add', target: req.body.name, requestId: req.id, ip: req.ip, details: { dealer_id: req.body.dealer_id } });
    return reply.status(201).send(await requireDealer(req.body.name));
  });

  f.patch('/api/v1/packs/dgi-dealers/dealers/:name', {
    config: { auth: 'admin:*' },
    schema: { tags, summary: 'Change a dealer’s settings or keys (what is not sent is kept)', params: nameParam, body: updateBody, response: { 200: dealerView } },
  }, async (req) => {
    const before = await requireDealer(req.params.name);
    await addPackInstance(app, DGI_PACK, 'dealer', req.params.name, { set: asSettings(req.body) });
    // Re-applying the template resumes schedules: an inactive dealer stays inactive through an update.
    if (!before.active) await setDealerActive(app, req.params.name, false);
    await writeAudit(app.db, { actor: actorOf(req), action: 'dgi.dealer.update', target: req.params.name, requestId: req.id, ip: req.ip, details: { keys: Object.keys(req.body) } });
    return requireDealer(req.params.name);
  });

  for (const action of ['deactivate', 'activate'] as const) {
    f.post(`/api/v1/packs/dgi-dealers/dealers/:name/${action}`, {
      config: { auth: 'admin:*' },
      schema: {
        tags,
        summary: action === 'deactivate' ? 'Deactivate a dealer: it keeps its data and runs nothing' : 'Reactivate a dealer and its schedules',
        params: nameParam,
        response: { 200: dealerView },
      },
    }, async (req) => {
      const v = await setDealerActive(app, req.params.name, action === 'activate');
      await writeAudit(app.db, { actor: actorOf(req), action: `dgi.dealer.${action}`, target: req.params.name, requestId: req.id, ip: req.ip });
      return v;
    });
  }
};
