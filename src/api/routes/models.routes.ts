import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import { describeModels, type ModelInfo } from '../../models/describe-models.js';
import { refreshModel, refreshModels } from '../../models/refresh-model.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate, nameParam, nullableIsoDate } from '../api-schemas.js';

const problem = z.object({ code: z.string(), message: z.string() });
const modelItem = z.object({
  name: z.string(),
  kind: z.enum(['sql', 'code']).describe('sql: a declared model materialised as a stream; code: a TypeScript model'),
  title: z.string().nullable(),
  description: z.string().nullable(),
  pack: z.string().nullable(),
  inputs: z.array(z.string()).describe('streams and models it reads'),
  dependents: z.array(z.string()).describe('models that read it'),
  primary_key: z.array(z.string()),
  fields: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean().optional(), description: z.string().optional(), enum: z.array(z.string()).optional() })),
  sql: z.string().nullable(),
  transforms: z.array(z.string()),
  validation: z.enum(['pending', 'ok', 'invalid']).nullable(),
  validation_error: problem.nullable(),
  counts: z.object({ active: z.number().int(), removed: z.number().int() }),
  last_run: z.object({ id: z.string(), status: z.string(), started_at: isoDate, finished_at: nullableIsoDate, error: problem.nullable() }).nullable(),
});

function out(m: ModelInfo): z.infer<typeof modelItem> {
  return { ...m, last_run: m.last_run ? { ...m.last_run, started_at: iso(m.last_run.started_at), finished_at: iso(m.last_run.finished_at) } : null };
}

export const modelRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['models'];

  f.get('/api/v1/models', {
    config: { auth: 'data:read' },
    schema: { tags, summary: 'Models (derived streams) with their inputs, dependents, counts and last run', response: { 200: z.object({ items: z.array(modelItem) }) } },
  }, async () => ({ items: (await describeModels(db)).map(out) }));

  f.get('/api/v1/models/:name', {
    config: { auth: 'data:read' },
    schema: { tags, summary: 'One model: declaration, validation, counts, last run', params: nameParam, response: { 200: modelItem } },
  }, async (req) => {
    const m = (await describeModels(db)).find((x) => x.name === req.params.name);
    if (!m) throw new SluiceError('not_found', `no model named "${req.params.name}"`);
    return out(m);
  });

  f.post('/api/v1/models/:name/refresh', {
    config: { auth: 'syncs:run' },
    schema: {
      tags,
      summary: 'Refresh now: enqueues a model job (or runs it in this process when no job queue is attached); models reading it follow when it changed',
      params: nameParam,
      response: {
        202: z.object({ mode: z.enum(['job', 'run']), job_id: z.string().nullable(), run_id: z.string().nullable(), already_queued: z.boolean() }),
      },
    },
  }, async (req, reply) => {
    const name = req.params.name;
    if (!(await describeModels(db)).some((m) => m.name === name)) throw new SluiceError('not_found', `no model named "${name}"`);
    await writeAudit(db, { actor: actorOf(req), action: 'model.refresh', target: name, requestId: req.id, ip: req.ip });
    if (deps.jobs) {
      const jobId = await deps.jobs.enqueue('model', { model: name, trigger: 'api' });
      return reply.status(202).send({ mode: 'job' as const, job_id: jobId, run_id: null, already_queued: jobId === null });
    }
    const runId = randomUUID();
    deps.background.task(`model:${name}`, async (signal) => {
      const s = await refreshModel(deps.app, name, { runId, signal, trigger: 'api' });
      if (s.changed) await refreshModels(deps.app, { changedStreams: [name], signal, trigger: `model:${runId}` });
    });
    return reply.status(202).send({ mode: 'run' as const, job_id: null, run_id: runId, already_queued: false });
  });
};
