import { z } from 'zod';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate } from '../api-schemas.js';
import { listOpenAlerts } from '../../alerts/alert-store.js';

const overview = z.object({
  changes_per_day: z.array(z.object({ day: z.string().describe('YYYY-MM-DD (UTC)'), kind: z.string(), count: z.number().int() })),
  runs: z.object({
    by_status: z.array(z.object({ status: z.string(), count: z.number().int() })).describe('runs started in the last 7 days'),
    last_at: isoDate.nullable(),
  }),
  failing_connections: z.array(z.object({ connection: z.string(), run_id: z.string(), status: z.string(), message: z.string().nullable(), at: isoDate })),
  failing_destinations: z.array(z.object({ destination: z.string(), kind: z.string(), status: z.string(), at: isoDate })),
  dead_letters: z.number().int(),
  breakers: z.array(z.object({ upstream: z.string(), state: z.enum(['closed', 'open', 'half_open']) })),
  alerts: z.array(z.object({
    id: z.number().int(),
    kind: z.enum(['connection_failing', 'destination_failing', 'removal_guard', 'model_failed', 'breaker_open']),
    subject: z.string(),
    message: z.string(),
    opened_at: isoDate,
  })).describe('open alerts, newest first (failing connections and destinations, tripped removal guards, failed models, breakers that stay open)'),
  attention: z.object({
    quarantined: z.number().int().describe('unresolved quarantined rows'),
    review_open: z.number().int().describe('open review items'),
    guards_tripped: z.number().int().describe('runs in the last 7 days with a warning flag (mass-removal guard, incomplete read)'),
  }),
});

/** One round trip for the Overview screen: what changed, what ran, what is failing, what needs a person. */
export const overviewRoutes: RouteModule = (f, deps) => {
  const { db } = deps.app;
  f.get('/api/v1/overview', {
    config: { auth: 'runs:read' },
    schema: { tags: ['overview'], summary: 'Changes per day (14 days), run outcomes, failing connections and destinations, breakers, what needs attention', response: { 200: overview } },
  }, async () => {
    const [changes, runs, lastRun, failing, dests, dead, quarantined, review, guards, alerts] = await Promise.all([
      db.query<{ day: string; kind: string; count: number }>(
        `select to_char(date_trunc('day', at at time zone 'UTC'), 'YYYY-MM-DD') as day, kind, count(*)::int as count
         from changes where at >= now() - interval '14 days' group by 1, 2 order by 1, 2`,
      ),
      db.query<{ status: string; count: number }>(
        `select status, count(*)::int as count from runs where started_at >= now() - interval '7 days' group by 1 order by 1`,
      ),
      db.query<{ at: Date | null }>(`select max(started_at) as at from runs`),
      db.query<{ connection: string; run_id: string; status: string; message: string | null; at: Date }>(
        `select distinct on (r.connection_name) r.connection_name as connection, r.id::text as run_id, r.status,
                r.error->>'message' as message, r.started_at as at
         from runs r where r.kind = 'sync' and r.status in ('succeeded', 'partial', 'failed')
         order by r.connection_name, r.started_at desc`,
      ),
      db.query<{ destination: string; kind: string; status: string; at: Date }>(
        `select distinct on (d.id) d.name as destination, d.kind, p.status, p.started_at as at
         from destination_pushes p join destinations d on d.id = p.destination_id
         where not p.dry_run and p.status <> 'running' order by d.id, p.started_at desc`,
      ),
      db.query<{ n: number }>(`select count(*)::int as n from destination_dead_letters where redelivered_at is null`),
      db.query<{ n: number }>(`select count(*)::int as n from quarantine where resolved_at is null`),
      db.query<{ n: number }>(`select count(*)::int as n from resolution_reviews where status = 'open'`),
      db.query<{ n: number }>(
        `select count(*)::int as n from runs where started_at >= now() - interval '7 days' and jsonb_array_length(flags) > 0`,
      ),
      listOpenAlerts(db),
    ]);
    const breakers = Object.entries(deps.probes.breakerStates?.() ?? {}).map(([upstream, state]) => ({ upstream, state }));
    return {
      changes_per_day: changes.rows,
      runs: { by_status: runs.rows, last_at: iso(lastRun.rows[0]?.at ?? null) },
      failing_connections: failing.rows.filter((r) => r.status !== 'succeeded').map((r) => ({ ...r, at: iso(r.at) })),
      failing_destinations: dests.rows.filter((r) => r.status !== 'succeeded').map((r) => ({ ...r, at: iso(r.at) })),
      dead_letters: dead.rows[0]?.n ?? 0,
      breakers,
      alerts: alerts.map((a) => ({ id: a.id, kind: a.kind, subject: a.subject, message: a.message, opened_at: iso(a.opened_at) })),
      attention: { quarantined: quarantined.rows[0]?.n ?? 0, review_open: review.rows[0]?.n ?? 0, guards_tripped: guards.rows[0]?.n ?? 0 },
    };
  });
};
