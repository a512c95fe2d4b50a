import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import type { DestinationKind } from '../../destinations/destination.js';
import { listDestinationManifests } from '../../destinations/destination-registry.js';
import {
  createDestination,
  destinationView,
  getDestinationRow,
  listDestinationRows,
  removeDestination,
  updateDestination,
  type DestinationView,
} from '../../destinations/destination-store.js';
import { runPush } from '../../destinations/run-push.js';
import { actorOf } from '../access-control.js';
import type { ApiDeps, RouteModule } from '../api-deps.js';
import { iso, isoDate, limitParam, nameParam, nullableIsoDate } from '../api-schemas.js';

const KINDS = ['notion', 'webhook', 'file'] as const satisfies readonly DestinationKind[];

const destination = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(KINDS),
  enabled: z.boolean(),
  config: z.record(z.string(), z.unknown()).describe('secret keys show "••••" when set'),
  state: z.record(z.string(), z.unknown()),
  created_at: isoDate,
  updated_at: isoDate,
});

const push = z.object({
  id: z.string(),
  status: z.string(),
  dry_run: z.boolean(),
  summary: z.unknown(),
  started_at: isoDate,
  finished_at: nullableIsoDate,
});

function out(v: DestinationView): z.infer<typeof destination> {
  return { ...v, created_at: iso(v.created_at), updated_at: iso(v.updated_at) };
}

/** The destination routes, mounted twice: all destinations, and webhooks alone (`/webhooks`, kind fixed). */
function destinationRoutes(f: Parameters<RouteModule>[0], deps: ApiDeps, base: string, only: DestinationKind | undefined): void {
  const db = deps.app.db;
  const tags = [only === 'webhook' ? 'webhooks' : 'destinations'];
  const noun = only === 'webhook' ? 'webhook' : 'destination';
  const load = async (name: string) => {
    const row = await getDestinationRow(db, name);
    if (only && row.kind !== only) throw new SluiceError('not_found', `no ${noun} named "${name}"`);
    return row;
  };

  f.get(base, {
    config: { auth: 'destinations:read' },
    schema: { tags, summary: `List ${noun}s (secrets redacted)`, response: { 200: z.object({ items: z.array(destination) }) } },
  }, async () => ({ items: (await listDestinationRows(db)).filter((r) => !only || r.kind === only).map((r) => out(destinationView(r))) }));

  f.post(base, {
    config: { auth: 'destinations:write' },
    schema: {
      tags,
      summary: `Create a ${noun}; the config is validated by its kind's schema, secrets are encrypted at rest`,
      body: z.object({
        name: z.string().min(1).max(63),
        ...(only ? {} : { kind: z.enum(KINDS) }),
        config: z.record(z.string(), z.unknown()),
      }),
      response: { 201: destination },
    },
  }, async (req, reply) => {
    const body = req.body as { name: string; kind?: DestinationKind; config: Record<string, unknown> };
    const row = await createDestination(db, deps.app.secrets, { name: body.name, kind: only ?? (body.kind as DestinationKind), config: body.config });
    await writeAudit(db, { actor: actorOf(req), action: `${noun}.create`, target: row.name, requestId: req.id, ip: req.ip, details: { kind: row.kind } });
    return reply.status(201).send(out(destinationView(row)));
  });

  f.get(`${base}/:name`, {
    config: { auth: 'destinations:read' },
    schema: { tags, summary: `One ${noun} (secrets redacted)`, params: nameParam, response: { 200: destination } },
  }, async (req) => out(destinationView(await load(req.params.name))));

  f.patch(`${base}/:name`, {
    config: { auth: 'destinations:write' },
    schema: {
      tags,
      summary: `Change a ${noun}: config keys are merged (secrets left out or sent as "••••" keep their value; null clears a key)`,
      params: nameParam,
      body: z.object({ config: z.record(z.string(), z.unknown()).optional(), enabled: z.boolean().optional() }),
      response: { 200: destination },
    },
  }, async (req) => {
    const current = await load(req.params.name);
    const body = req.body;
    const row = await updateDestination(db, deps.app.secrets, current.name, {
      ...(body.config ? { config: body.config } : {}),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
    });
    await writeAudit(db, { actor: actorOf(req), action: `${noun}.update`, target: row.name, requestId: req.id, ip: req.ip, details: { keys: Object.keys(body.config ?? {}) } });
    return out(destinationView(row));
  });

  f.delete(`${base}/:name`, {
    config: { auth: 'destinations:write' },
    schema: { tags, summary: `Remove a ${noun} with its delivery state and log`, params: nameParam, response: { 204: z.null() } },
  }, async (req, reply) => {
    const current = await load(req.params.name);
    await removeDestination(db, current.name);
    await writeAudit(db, { actor: actorOf(req), action: `${noun}.delete`, target: current.name, requestId: req.id, ip: req.ip });
    return reply.status(204).send(null);
  });

  f.get(`${base}/:name/deliveries`, {
    config: { auth: 'destinations:read' },
    schema: {
      tags,
      summary: 'Delivery log: each push with its summary (calls, delivered, failures), newest first',
      params: nameParam,
      querystring: z.object({ limit: limitParam }),
      response: { 200: z.object({ items: z.array(push) }) },
    },
  }, async (req) => {
    const row = await load(req.params.name);
    const { rows } = await db.query<{ id: string; status: string; dry_run: boolean; summary: unknown; started_at: Date; finished_at: Date | null }>(
      'select id::text as id, status, dry_run, summary, started_at, finished_at from destination_pushes where destination_id = $1 order by started_at desc limit $2',
      [row.id, req.query.limit],
    );
    return { items: rows.map((r) => ({ ...r, summary: r.summary ?? null, started_at: iso(r.started_at), finished_at: iso(r.finished_at) })) };
  });

  f.post(`${base}/:name/push`, {
    config: { auth: 'pushes:run' },
    schema: {
      tags,
      summary: 'Push pending changes now (a job, or in this process without a queue); dry_run plans and answers at once',
      params: nameParam,
      body: z.object({ dry_run: z.boolean().optional(), pull: z.boolean().optional() }).optional(),
      response: {
        200: z.object({ summary: z.record(z.string(), z.unknown()) }),
        202: z.object({ mode: z.enum(['job', 'run']), job_id: z.string().nullable(), already_queued: z.boolean() }),
      },
    },
  }, async (req, reply) => {
    const row = await load(req.params.name);
    const body = req.body ?? {};
    if (body.dry_run) {
      const summary = await runPush(deps.app, { destination: row.name, dryRun: true });
      return reply.status(200).send({ summary: { ...summary } });
    }
    await writeAudit(db, { actor: actorOf(req), action: 'push.start', target: row.name, requestId: req.id, ip: req.ip });
    if (deps.jobs) {
      const jobId = await deps.jobs.enqueue('push', { destination: row.name, trigger: 'api' });
      return reply.status(202).send({ mode: 'job' as const, job_id: jobId, already_queued: jobId === null });
    }
    deps.background.task(`push:${row.name}`, (signal) => runPush(deps.app, { destination: row.name, pull: body.pull ?? false, signal }));
    return reply.status(202).send({ mode: 'run' as const, job_id: null, already_queued: false });
  });
}

export const destinationsRoutes: RouteModule = (f, deps) => {
  f.get('/api/v1/destination-kinds', {
    config: { auth: 'destinations:read' },
    schema: {
      tags: ['destinations'],
      summary: 'Destination kinds with each config JSON schema',
      response: { 200: z.object({ items: z.array(z.object({ kind: z.string(), secrets: z.array(z.string()), config_schema: z.record(z.string(), z.unknown()) })) }) },
    },
  }, async () => ({
    items: listDestinationManifests().map((m) => ({
      kind: m.kind,
      secrets: [...m.secrets],
      config_schema: z.toJSONSchema(m.configSchema, { io: 'input', unrepresentable: 'any' }),
    })),
  }));
  destinationRoutes(f, deps, '/api/v1/destinations', undefined);
  destinationRoutes(f, deps, '/api/v1/webhooks', 'webhook');
};
