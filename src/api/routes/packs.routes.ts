import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { installPack, addPackInstance } from '../../packs/install-pack.js';
import { describePack, listPackCatalog } from '../../packs/pack-catalog.js';
import { fetchSandboxSource } from '../../packs/pack-sandbox.js';
import { SETTING_TYPES } from '../../packs/pack-spec.js';
import { packStatus } from '../../packs/pack-status.js';
import { runPack } from '../../packs/run-pack.js';
import { uninstallPack } from '../../packs/uninstall-pack.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';

const tags = ['packs'];
const idParam = z.object({ id: z.string().min(1).max(100) });
const counts = z.record(z.string(), z.unknown());

const partChange = z.object({
  kind: z.string(),
  part: z.string(),
  name: z.string(),
  action: z.enum(['created', 'updated', 'unchanged', 'removed', 'waiting', 'skipped', 'failed']),
  missing: z.array(z.string()).optional(),
  changed: z.array(z.string()).optional(),
  error: z.string().optional(),
});

const installResult = z.object({
  pack: z.string(),
  version: z.string(),
  status: z.enum(['installed', 'needs_credentials']),
  missing: z.array(z.string()).describe('<part>.<setting> keys still needed'),
  changes: z.array(partChange),
});

const listItem = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  installed: z.object({ status: z.string(), version: z.string(), missing: z.array(z.string()) }).nullable(),
});

const settingInfo = z.object({
  key: z.string(),
  type: z.enum(SETTING_TYPES),
  description: z.string(),
  default: z.unknown(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
});

const description = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  version: z.string(),
  settings: z.array(settingInfo),
  connections: z.array(z.object({ id: z.string(), connector: z.string(), optional: z.boolean() })),
  entities: z.array(z.object({ type: z.string(), stream: z.string() })),
  models: z.array(z.string()),
  destinations: z.array(z.object({ id: z.string(), kind: z.string(), optional: z.boolean(), pull: z.boolean() })),
  schedules: z.array(z.object({ id: z.string(), target: z.string(), cron: z.string(), timezone: z.string() })),
  dashboards: z.array(z.string()),
  indexes: z.array(z.object({ stream: z.string(), fields: z.array(z.string()) })),
  instances: z.array(z.object({
    template: z.string(),
    description: z.string(),
    settings: z.array(settingInfo),
    connections: z.array(z.object({ id: z.string(), connector: z.string() })),
    schedules: z.array(z.object({ id: z.string(), target: z.string(), cron: z.string() })),
  })),
});

const runStep = z.object({
  kind: z.enum(['sync', 'resolve', 'model', 'push']),
  part: z.string(),
  name: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed', 'cancelled']),
  counts: counts.optional(),
  run_id: z.string().optional(),
  error: z.string().optional(),
  duration_ms: z.number(),
});

const runSummary = z.object({
  pack: z.string(),
  run_id: z.string(),
  status: z.enum(['succeeded', 'partial', 'failed']),
  steps: z.array(runStep),
  duration_ms: z.number(),
});

const status = z.object({
  pack: z.string(),
  name: z.string(),
  version: z.string(),
  installed_version: z.string(),
  status: z.enum(['installed', 'needs_credentials']),
  missing: z.array(z.string()),
  installed_at: z.string(),
  instances: z.array(z.object({ template: z.string(), name: z.string() })),
  last_run: z.object({ run_id: z.string(), status: z.string(), started_at: z.string(), finished_at: z.string().nullable(), summary: z.unknown() }).nullable(),
  parts: z.array(z.object({
    kind: z.string(),
    part: z.string(),
    name: z.string(),
    instance: z.string(),
    last_status: z.string().nullable(),
    last_run_at: z.string().nullable(),
    counts: z.record(z.string(), z.number()),
    failures: z.array(z.string()),
    next_run_at: z.string().nullable(),
  })),
});

const settingsBody = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
  .describe('"<part>.<setting>": value, e.g. {"notion.token": "…", "ui.base_url": "https://www.ui.com"}');

/** `/api/v1/packs`: the same engine as `sluice pack …`. Installing and removing need admin; running, an operator. */
export const packRoutes: RouteModule = (f, deps) => {
  const app = deps.app;

  f.get('/api/v1/packs', {
    config: { auth: 'connections:read' },
    schema: { tags, summary: 'Every pack and whether it is installed', response: { 200: z.object({ items: z.array(listItem) }) } },
  }, async () => ({ items: await listPackCatalog(app) }));

  f.get('/api/v1/packs/:id', {
    config: { auth: 'connections:read' },
    schema: { tags, summary: 'What a pack creates and the settings it takes', params: idParam, response: { 200: description } },
  }, async (req) => description.parse(describePack(req.params.id)));

  f.post('/api/v1/packs/:id/install', {
    config: { auth: 'admin:*' },
    schema: {
      tags,
      summary: 'Install or upgrade a pack (idempotent; never drops data or people\'s edits). Bad settings: 400 listing every problem',
      params: idParam,
      body: z.object({
        settings: settingsBody.default({}),
        sandbox: z.url().optional().describe('fill every base URL and credential from the simulators served at this URL'),
      }),
      response: { 200: installResult },
    },
  }, async (req) => {
    const sandbox = req.body.sandbox ? await fetchSandboxSource(req.body.sandbox) : undefined;
    const r = await installPack(app, req.params.id, { set: req.body.settings, ...(sandbox ? { sandbox } : {}) });
    await writeAudit(app.db, {
      actor: actorOf(req), action: 'pack.install', target: req.params.id, requestId: req.id, ip: req.ip,
      details: { keys: Object.keys(req.body.settings), status: r.status },
    });
    return installResult.parse(r);
  });

  f.post('/api/v1/packs/:id/instances', {
    config: { auth: 'admin:*' },
    schema: {
      tags,
      summary: 'Add (or update) an instance of a repeatable part, e.g. a dealer',
      params: idParam,
      body: z.object({ template: z.string().min(1), name: z.string().min(1).max(41), settings: settingsBody.default({}) }),
      response: { 200: installResult },
    },
  }, async (req) => {
    const r = await addPackInstance(app, req.params.id, req.body.template, req.body.name, { set: req.body.settings });
    await writeAudit(app.db, {
      actor: actorOf(req), action: 'pack.instance.add', target: `${req.params.id}/${req.body.template}/${req.body.name}`, requestId: req.id, ip: req.ip,
      details: { keys: Object.keys(req.body.settings) },
    });
    return installResult.parse(r);
  });

  f.get('/api/v1/packs/:id/status', {
    config: { auth: 'runs:read' },
    schema: { tags, summary: 'Each part: last run and outcome, counts, failures, next scheduled time', params: idParam, response: { 200: status } },
  }, async (req) => status.parse(await packStatus(app, req.params.id)));

  f.post('/api/v1/packs/:id/run', {
    config: { auth: 'syncs:run' },
    schema: {
      tags,
      summary: 'Run a pack now: sync, resolve, refresh models, push (dependency order); waits for the summary',
      params: idParam,
      response: { 200: runSummary },
    },
  }, async (req) => runSummary.parse(await runPack(app, req.params.id, { trigger: 'api' })));

  f.delete('/api/v1/packs/:id', {
    config: { auth: 'admin:*' },
    schema: {
      tags,
      summary: 'Uninstall a pack; keep_data=true keeps its streams, records, history and entities',
      params: idParam,
      querystring: z.object({ keep_data: z.enum(['true', 'false']).default('false') }),
      response: { 200: z.object({ pack: z.string(), keptData: z.boolean(), changes: z.array(partChange), droppedStreams: z.array(z.string()) }) },
    },
  }, async (req) => {
    const r = await uninstallPack(app, req.params.id, { keepData: req.query.keep_data === 'true' });
    await writeAudit(app.db, { actor: actorOf(req), action: 'pack.uninstall', target: req.params.id, requestId: req.id, ip: req.ip, details: { keep_data: r.keptData } });
    return { ...r, changes: r.changes.map((c) => partChange.parse(c)), droppedStreams: [...r.droppedStreams] };
  });
};
