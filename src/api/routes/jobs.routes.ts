import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import { JOB_KINDS } from '../../jobs/job-kinds.js';
import type { JobQueue, JobSummary } from '../../jobs/job-queue.js';
import { getSchedule, listSchedules, listScheduleTicks, pauseSchedule, removeSchedule, resumeSchedule, setSchedule, type JobSchedule } from '../../jobs/schedule-store.js';
import { actorOf } from '../access-control.js';
import type { ApiDeps, RouteModule } from '../api-deps.js';
import { idParam, iso, isoDate, nullableIsoDate } from '../api-schemas.js';

const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

const job = z.object({
  id: z.string(),
  kind: z.enum(JOB_KINDS),
  state: z.enum(JOB_STATES),
  data: z.record(z.string(), z.unknown()),
  singleton_key: z.string().nullable(),
  retry_count: z.number().int(),
  retry_limit: z.number().int(),
  created_on: isoDate,
  started_on: nullableIsoDate,
  completed_on: nullableIsoDate,
  output: z.unknown(),
});

const schedule = z.object({
  id: z.string(),
  target: z.string(),
  kind: z.enum(JOB_KINDS),
  payload: z.record(z.string(), z.unknown()),
  cron: z.string(),
  timezone: z.string(),
  paused: z.boolean(),
  source: z.string().nullable(),
  last_tick_at: nullableIsoDate,
  next_due_at: nullableIsoDate,
  created_at: isoDate,
  updated_at: isoDate,
});

function outJob(j: JobSummary): z.infer<typeof job> {
  return { ...j, created_on: iso(j.created_on), started_on: iso(j.started_on), completed_on: iso(j.completed_on), output: j.output ?? null };
}

function outSchedule(s: JobSchedule): z.infer<typeof schedule> {
  return {
    ...s,
    payload: { ...s.payload },
    last_tick_at: iso(s.last_tick_at),
    next_due_at: iso(s.next_due_at),
    created_at: iso(s.created_at),
    updated_at: iso(s.updated_at),
  };
}

function queueOf(deps: ApiDeps): JobQueue {
  if (!deps.jobs) throw new SluiceError('upstream_unavailable', 'no job queue is attached to this server');
  return deps.jobs;
}

export const jobRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;

  f.get('/api/v1/jobs', {
    config: { auth: 'jobs:read' },
    schema: {
      tags: ['jobs'],
      summary: 'Jobs, newest first',
      querystring: z.object({ kind: z.enum(JOB_KINDS).optional(), state: z.enum(JOB_STATES).optional(), limit: z.coerce.number().int().min(1).max(1000).default(50) }),
      response: { 200: z.object({ items: z.array(job) }) },
    },
  }, async (req) => ({
    items: (await queueOf(deps).list({ ...(req.query.kind ? { kind: req.query.kind } : {}), ...(req.query.state ? { state: req.query.state } : {}), limit: req.query.limit })).map(outJob),
  }));

  f.get('/api/v1/jobs/:id', {
    config: { auth: 'jobs:read' },
    schema: { tags: ['jobs'], summary: 'One job with its output or error', params: idParam, response: { 200: job } },
  }, async (req) => {
    const j = await queueOf(deps).get(req.params.id);
    if (!j) throw new SluiceError('not_found', `job ${req.params.id} not found`);
    return outJob(j);
  });

  for (const action of ['cancel', 'retry'] as const) {
    f.post(`/api/v1/jobs/:id/${action}`, {
      config: { auth: 'jobs:write' },
      schema: {
        tags: ['jobs'],
        summary: action === 'cancel' ? 'Cancel a waiting or running job (its run ends cancelled)' : 'Run a failed or cancelled job again',
        params: idParam,
        response: { 200: job },
      },
    }, async (req) => {
      const q = queueOf(deps);
      const j = action === 'cancel' ? await q.cancel(req.params.id) : await q.retry(req.params.id);
      await writeAudit(db, { actor: actorOf(req), action: `job.${action}`, target: j.id, requestId: req.id, ip: req.ip, details: { kind: j.kind } });
      return outJob(j);
    });
  }

  const tags = ['schedules'];
  f.get('/api/v1/schedules', {
    config: { auth: 'schedules:read' },
    schema: { tags, summary: 'Cron schedules', response: { 200: z.object({ items: z.array(schedule) }) } },
  }, async () => ({ items: (await listSchedules(db)).map(outSchedule) }));

  f.put('/api/v1/schedules', {
    config: { auth: 'schedules:write' },
    schema: {
      tags,
      summary: 'Create or replace the schedule of a target (sync:<connection>[/<streams>], push:<destination>, resolve:<type>, model:<model>|*)',
      body: z.object({ target: z.string().min(3).max(300), cron: z.string().min(1).max(200), timezone: z.string().max(100).optional(), paused: z.boolean().optional() }),
      response: { 200: schedule },
    },
  }, async (req) => {
    const s = await setSchedule(db, { ...req.body, source: 'api' });
    await writeAudit(db, { actor: actorOf(req), action: 'schedule.set', target: s.target, requestId: req.id, ip: req.ip, details: { cron: s.cron, timezone: s.timezone } });
    return outSchedule(s);
  });

  f.get('/api/v1/schedules/:id', {
    config: { auth: 'schedules:read' },
    schema: {
      tags,
      summary: 'One schedule with its recent ticks',
      params: idParam,
      response: {
        200: schedule.extend({
          ticks: z.array(z.object({ tick_at: isoDate, job_id: z.string(), status: z.string(), claimed_by: z.string(), claimed_at: isoDate })),
        }),
      },
    },
  }, async (req) => {
    const s = await getSchedule(db, req.params.id);
    if (!s) throw new SluiceError('not_found', `no schedule ${req.params.id}`);
    const ticks = await listScheduleTicks(db, s.id, 20);
    return {
      ...outSchedule(s),
      ticks: ticks.map((t) => ({ tick_at: iso(t.tick_at), job_id: t.job_id, status: t.status, claimed_by: t.claimed_by, claimed_at: iso(t.claimed_at) })),
    };
  });

  for (const action of ['pause', 'resume'] as const) {
    f.post(`/api/v1/schedules/:id/${action}`, {
      config: { auth: 'schedules:write' },
      schema: { tags, summary: action === 'pause' ? 'Pause a schedule' : 'Resume a schedule from now (missed occurrences are not fired)', params: idParam, response: { 200: schedule } },
    }, async (req) => {
      const s = action === 'pause' ? await pauseSchedule(db, req.params.id) : await resumeSchedule(db, req.params.id);
      await writeAudit(db, { actor: actorOf(req), action: `schedule.${action}`, target: s.target, requestId: req.id, ip: req.ip });
      return outSchedule(s);
    });
  }

  f.delete('/api/v1/schedules/:id', {
    config: { auth: 'schedules:write' },
    schema: { tags, summary: 'Delete a schedule', params: idParam, response: { 204: z.null() } },
  }, async (req, reply) => {
    const s = await removeSchedule(db, req.params.id);
    await writeAudit(db, { actor: actorOf(req), action: 'schedule.delete', target: s.target, requestId: req.id, ip: req.ip });
    return reply.status(204).send(null);
  });
};
