import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { getConnector, listConnectors } from '../../connectors/registry.js';
import {
  createConnection,
  getConnection,
  listConnections,
  loadConnectionConfig,
  removeConnection,
  updateConnection,
  type ConnectionView,
} from '../../store/connection-store.js';
import { SluiceError } from '../../core/errors.js';
import { planRangeSync, selectStreams } from '../../pipeline/run-sync.js';
import { canonicalStreams } from '../../pipeline/stream-aliases.js';
import { actorOf } from '../access-control.js';
import { resolveConnectionSecrets } from '../../secrets/resolve-connection-secrets.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate, nameParam } from '../api-schemas.js';
import { resolveStoragePaths } from '../../storage/resolve-storage-paths.js';

const connection = z.object({
  id: z.string(),
  name: z.string(),
  connector: z.string(),
  config: z.record(z.string(), z.unknown()).describe('non-secret settings; secret keys show "••••" when set, null when not'),
  enabled: z.boolean(),
  created_at: isoDate,
  updated_at: isoDate,
});

const connectorInfo = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  secrets: z.array(z.string()),
  fields: z.array(z.record(z.string(), z.unknown())),
  config_schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the connection config'),
});

function out(c: ConnectionView): z.infer<typeof connection> {
  return { ...c, created_at: iso(c.created_at), updated_at: iso(c.updated_at) };
}

function describeConnector(id: string): z.infer<typeof connectorInfo> {
  const m = getConnector(id).manifest;
  return {
    id: m.id,
    name: m.name,
    description: m.description,
    secrets: [...m.secrets],
    fields: m.fields.map((f) => ({ ...f })),
    config_schema: z.toJSONSchema(m.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
  };
}

export const connectionRoutes: RouteModule = (f, deps) => {
  const { db, secrets: box } = deps.app;

  f.get('/api/v1/connectors', {
    config: { auth: 'connectors:read' },
    schema: { tags: ['connectors'], summary: 'Connector catalogue with each config JSON schema', response: { 200: z.object({ items: z.array(connectorInfo) }) } },
  }, async () => ({ items: listConnectors().map((c) => describeConnector(c.manifest.id)) }));

  f.get('/api/v1/connectors/:id', {
    config: { auth: 'connectors:read' },
    schema: { tags: ['connectors'], summary: 'One connector', params: z.object({ id: z.string().min(1) }), response: { 200: connectorInfo } },
  }, async (req) => describeConnector(req.params.id));

  const tags = ['connections'];
  f.get('/api/v1/connections', {
    config: { auth: 'connections:read' },
    schema: { tags, summary: 'List connections (secrets redacted)', response: { 200: z.object({ items: z.array(connection) }) } },
  }, async () => ({ items: (await listConnections(db)).map(out) }));

  f.post('/api/v1/connections', {
    config: { auth: 'connections:write' },
    schema: {
      tags,
      summary: 'Create a connection; the config is validated by the connector\'s schema, secrets are encrypted at rest',
      body: z.object({ name: z.string().min(1).max(63), connector: z.string().min(1), config: z.record(z.string(), z.unknown()), enabled: z.boolean().optional() }),
      response: { 201: connection },
    },
  }, async (req, reply) => {
    const c = await createConnection(db, box, req.body);
    await writeAudit(db, { actor: actorOf(req), action: 'connection.create', target: c.name, requestId: req.id, ip: req.ip, details: { connector: c.connector } });
    return reply.status(201).send(out(c));
  });

  f.get('/api/v1/connections/:name', {
    config: { auth: 'connections:read' },
    schema: { tags, summary: 'One connection (secrets redacted)', params: nameParam, response: { 200: connection } },
  }, async (req) => out(await getConnection(db, req.params.name)));

  f.patch('/api/v1/connections/:name', {
    config: { auth: 'connections:write' },
    schema: {
      tags,
      summary: 'Change settings; absent or "••••" secrets keep their value, null clears one',
      params: nameParam,
      body: z.object({ config: z.record(z.string(), z.unknown()).optional(), enabled: z.boolean().optional() }),
      response: { 200: connection },
    },
  }, async (req) => {
    const c = await updateConnection(db, box, req.params.name, req.body);
    await writeAudit(db, {
      actor: actorOf(req),
      action: 'connection.update',
      target: c.name,
      requestId: req.id,
      ip: req.ip,
      details: { keys: Object.keys(req.body.config ?? {}), enabled: req.body.enabled },
    });
    return out(c);
  });

  f.delete('/api/v1/connections/:name', {
    config: { auth: 'connections:write' },
    schema: { tags, summary: 'Delete a connection (its records stay)', params: nameParam, response: { 204: z.null() } },
  }, async (req, reply) => {
    await removeConnection(db, req.params.name);
    await writeAudit(db, { actor: actorOf(req), action: 'connection.delete', target: req.params.name, requestId: req.id, ip: req.ip });
    return reply.status(204).send(null);
  });

  f.post('/api/v1/connections/:name/test', {
    config: { auth: 'connections:write' },
    schema: {
      tags,
      summary: 'Run the connector\'s check against the upstream (reads the stored secrets; audited)',
      params: nameParam,
      response: { 200: z.object({ ok: z.boolean(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) },
    },
  }, async (req) => {
    const { connection: c, config } = await loadConnectionConfig(db, box, req.params.name);
    await writeAudit(db, {
      actor: actorOf(req),
      action: 'secret.read',
      target: `connection:${c.name}`,
      requestId: req.id,
      ip: req.ip,
      details: { purpose: 'check', keys: [...getConnector(c.connector).manifest.secrets], source: 'database' },
    });
    const ctrl = new AbortController();
    req.raw.on('close', () => ctrl.abort());
    const resolved = await resolveConnectionSecrets(deps.app, c.name, config, getConnector(c.connector).manifest.secrets, 'check', deps.secrets);
    const r = await getConnector(c.connector).check(await resolveStoragePaths(deps.app.storage, resolved), {
      logger: deps.app.logger.child({ request_id: req.id, connection: c.name }),
      http: deps.app.http,
      signal: ctrl.signal,
      now: deps.now,
      defaultPhoneRegion: deps.app.config.defaultPhoneRegion,
    });
    return { ok: r.ok, message: r.message, ...(r.details ? { details: r.details } : {}) };
  });

  f.post('/api/v1/connections/:name/sync', {
    config: { auth: 'syncs:run' },
    schema: {
      tags,
      summary: 'Sync now: enqueues a sync job (or starts the run in this process when no job queue is attached)',
      params: nameParam,
      description:
        'With `from` (and optionally `to`) the run reads that range of source time instead of "since the cursor": dates (YYYY-MM-DD, in the source\'s zone) ' +
        'or ISO instants. The range is planned before anything is queued: one the source cannot serve (DGI: older than 30 days) is refused with 400 ' +
        '`range_refused` naming the part and why. A range run never moves the stream\'s cursor backwards.',
      body: z.object({
        streams: z.array(z.string().min(1)).min(1).optional().describe('stream names or aliases (DGI job types such as pkb, inv2_read)'),
        full: z.boolean().optional(),
        from: z.string().min(1).max(40).optional(),
        to: z.string().min(1).max(40).optional(),
      }).optional(),
      response: {
        202: z.object({
          mode: z.enum(['job', 'run']),
          job_id: z.string().nullable(),
          run_id: z.string().nullable(),
          already_queued: z.boolean(),
        }),
      },
    },
  }, async (req, reply) => {
    const c = await getConnection(db, req.params.name);
    const requested = req.body ?? {};
    // Aliases (DGI job types) become stream names here, so queued jobs and the history name streams one way.
    const body = requested.streams ? { ...requested, streams: canonicalStreams(c, requested.streams) } : requested;
    if (body.to !== undefined && body.from === undefined) throw new SluiceError('range_invalid', '`to` needs `from`');
    const range = body.from !== undefined ? { from: body.from, to: body.to ?? deps.now().toISOString() } : undefined;
    if (range) {
      // Refused here, before anything is queued or requested, when the source cannot serve the range.
      const { config } = await loadConnectionConfig(db, deps.app.secrets, c.name);
      await writeAudit(db, { actor: actorOf(req), action: 'secret.read', target: `connection:${c.name}`, requestId: req.id, ip: req.ip, details: { purpose: 'range plan' } });
      const connector = getConnector(c.connector);
      const all = connector.streams(config);
      const wanted = selectStreams(c.name, all, body.streams);
      planRangeSync(connector, config, all.filter((s) => wanted.includes(s.name)), range, deps.now(), body.full);
    }
    await writeAudit(db, { actor: actorOf(req), action: 'sync.start', target: c.name, requestId: req.id, ip: req.ip, details: { streams: body.streams, full: body.full, ...(range ? { range } : {}) } });
    if (deps.jobs) {
      const jobId = await deps.jobs.enqueue('sync', {
        connection: c.name,
        ...(body.streams ? { streams: body.streams } : {}),
        ...(body.full !== undefined ? { full: body.full } : {}),
        ...(range ? { range } : {}),
        trigger: 'api',
      });
      if (range && jobId === null) {
        // A waiting sync of this connection would swallow the range: say so rather than pretend it was queued.
        throw new SluiceError('conflict', `a sync of ${c.name} is already waiting; queue the range again when it has started`);
      }
      return reply.status(202).send({ mode: 'job' as const, job_id: jobId, run_id: null, already_queued: jobId === null });
    }
    const runId = deps.background.start({ connection: c.name, streams: body.streams, full: body.full, range, trigger: 'api' });
    return reply.status(202).send({ mode: 'run' as const, job_id: null, run_id: runId, already_queued: false });
  });
};
