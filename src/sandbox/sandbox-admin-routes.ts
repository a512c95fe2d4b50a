import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';

import type { ControllableClock } from './sandbox-clock.js';
import type { SandboxStatsEntry } from './sandbox-stats.js';
import { faultSpecSchema, type FaultControl } from './fault-spec.js';

export interface AdminDeps {
  readonly clock: ControllableClock;
  readonly faults: FaultControl;
  readonly prefixes: readonly string[];
  stats(): Record<string, SandboxStatsEntry>;
  reset(): void;
  credentials(): Record<string, unknown>;
}

const advanceSchema = z.strictObject({
  steps: z.number().int().min(0).max(100_000).optional(),
  seconds: z.number().min(0).max(10 * 365 * 86_400).optional(),
});
const faultsBodySchema = z.union([faultSpecSchema, z.array(faultSpecSchema), z.strictObject({ faults: z.array(faultSpecSchema) })]);
const clearQuerySchema = z.strictObject({ prefix: z.string().min(1).optional() });

function badRequest(reply: FastifyReply, err: z.ZodError): FastifyReply {
  return reply.code(400).send({ error: 'bad_request', issues: err.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`) });
}

/**
 * The sandbox's control surface, under /_admin (the same operations as the in-process `Sandbox` API):
 * clock, faults, stats, reset and the demo credentials.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  const clockView = () => ({ step: deps.clock.step, now: deps.clock.now().toISOString(), offset_ms: deps.clock.offsetMs });

  app.get('/_admin', async () => ({
    prefixes: deps.prefixes,
    routes: [
      'GET /_admin/clock', 'POST /_admin/clock/advance', 'GET /_admin/faults', 'POST /_admin/faults',
      'DELETE /_admin/faults', 'DELETE /_admin/faults/:id', 'GET /_admin/stats', 'POST /_admin/reset',
      'GET /_admin/credentials',
    ],
  }));
  app.get('/_admin/clock', async () => clockView());
  app.post('/_admin/clock/advance', async (req, reply) => {
    const parsed = advanceSchema.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(reply, parsed.error);
    deps.clock.advance(parsed.data);
    return clockView();
  });

  app.get('/_admin/faults', async () => ({ faults: deps.faults.list() }));
  app.post('/_admin/faults', async (req, reply) => {
    const parsed = faultsBodySchema.safeParse(req.body);
    if (!parsed.success) return badRequest(reply, parsed.error);
    const specs = Array.isArray(parsed.data) ? parsed.data : 'faults' in parsed.data ? parsed.data.faults : [parsed.data];
    for (const s of specs) {
      if (s.prefix !== '*' && !deps.prefixes.includes(s.prefix)) {
        return reply.code(400).send({ error: 'bad_request', issues: [`prefix: unknown simulator "${s.prefix}"`] });
      }
    }
    return reply.code(201).send({ faults: deps.faults.set(specs) });
  });
  app.delete('/_admin/faults', async (req, reply) => {
    const parsed = clearQuerySchema.safeParse(req.query);
    if (!parsed.success) return badRequest(reply, parsed.error);
    return { removed: deps.faults.clear(parsed.data) };
  });
  app.delete<{ Params: { id: string } }>('/_admin/faults/:id', async (req, reply) => {
    const removed = deps.faults.clear({ id: req.params.id });
    if (removed === 0) return reply.code(404).send({ error: 'not_found', message: `no fault ${req.params.id}` });
    return { removed };
  });

  app.get('/_admin/stats', async () => ({ clock: clockView(), simulators: deps.stats() }));
  app.post('/_admin/reset', async () => {
    deps.reset();
    return { reset: true };
  });
  app.get('/_admin/credentials', async () => deps.credentials());
}
