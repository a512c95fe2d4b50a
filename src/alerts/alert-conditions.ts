import type { SqlExecutor } from '../store/database.js';

export type AlertKind = 'connection_failing' | 'destination_failing' | 'removal_guard' | 'model_failed' | 'breaker_open';

/** A condition that holds now; its key names it across evaluations and workers (`kind:subject`). */
export interface AlertCondition {
  readonly key: string;
  readonly kind: AlertKind;
  readonly subject: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
}

export interface AlertThresholds {
  /** Failed runs in a row before a connection or destination alerts. */
  readonly failures: number;
  /** Seconds a breaker stays open (in any live process) before it alerts. */
  readonly breakerOpenSeconds: number;
  /** A process that has not reported its breakers for this long is gone; its breakers no longer count. */
  readonly breakerStaleSeconds: number;
}

const condition = (kind: AlertKind, subject: string, message: string, details: Record<string, unknown>): AlertCondition => ({
  key: `${kind}:${subject}`, kind, subject, message, details,
});

/** Every alert condition that holds now, read from the run history, push history and reported breakers. */
export async function collectAlertConditions(db: SqlExecutor, t: AlertThresholds): Promise<AlertCondition[]> {
  const [connections, destinations, guards, models, breakers] = await Promise.all([
    db.query<{ subject: string; message: string | null; run_id: string }>(
      `select connection_name as subject, (array_agg(message order by n))[1] as message, (array_agg(id order by n))[1] as run_id
       from (select connection_name, id::text as id, status, error->>'message' as message,
                    row_number() over (partition by connection_name order by started_at desc) as n
             from runs where kind = 'sync' and status in ('succeeded', 'partial', 'failed')) r
       where n <= $1 group by connection_name having count(*) = $1 and bool_and(status = 'failed')`,
      [t.failures],
    ),
    db.query<{ subject: string; message: string | null }>(
      `select name as subject, (array_agg(message order by n))[1] as message
       from (select d.name, p.status, coalesce(p.summary->'error'->>'message', p.summary->'failures'->0->>'message') as message,
                    row_number() over (partition by d.id order by p.started_at desc) as n
             from destination_pushes p join destinations d on d.id = p.destination_id
             where not p.dry_run and p.status in ('succeeded', 'partial', 'failed')) x
       where n <= $1 group by name having count(*) = $1 and bool_and(status = 'failed')`,
      [t.failures],
    ),
    db.query<{ subject: string; run_id: string; flag: string }>(
      `select connection_name as subject, id::text as run_id,
              (select f from jsonb_array_elements_text(flags) f where f like '%mass_removal_guard:%' limit 1) as flag
       from (select distinct on (connection_name) connection_name, id, flags from runs
             where kind in ('sync', 'model') and status in ('succeeded', 'partial', 'failed')
             order by connection_name, started_at desc) last
       where exists (select 1 from jsonb_array_elements_text(flags) f where f like '%mass_removal_guard:%')`,
    ),
    db.query<{ subject: string; run_id: string; message: string | null }>(
      `select connection_name as subject, id::text as run_id, error->>'message' as message
       from (select distinct on (connection_name) connection_name, id, status, error from runs
             where kind = 'model' and status in ('succeeded', 'partial', 'failed')
             order by connection_name, started_at desc) last
       where status = 'failed'`,
    ),
    db.query<{ upstream: string; since: Date; instances: number }>(
      `select upstream, min(open_since) as since, count(*)::int as instances from upstream_breakers
       where state <> 'closed' and open_since <= now() - ($1::int * interval '1 second')
         and seen_at >= now() - ($2::int * interval '1 second')
       group by upstream`,
      [t.breakerOpenSeconds, t.breakerStaleSeconds],
    ),
  ]);
  return [
    ...connections.rows.map((r) => condition('connection_failing', r.subject,
      `connection ${r.subject} failed ${t.failures} run(s) in a row${r.message ? `: ${r.message}` : ''}`, { failures: t.failures, last_run_id: r.run_id })),
    ...destinations.rows.map((r) => condition('destination_failing', r.subject,
      `destination ${r.subject} failed ${t.failures} push(es) in a row${r.message ? `: ${r.message}` : ''}`, { failures: t.failures })),
    ...guards.rows.map((r) => condition('removal_guard', r.subject,
      `the mass-removal guard tripped on ${r.subject}: ${r.flag.replace(/^[^:]*: mass_removal_guard: /, '')}`, { run_id: r.run_id })),
    ...models.rows.map((r) => condition('model_failed', r.subject.replace(/^model:/, ''),
      `model ${r.subject.replace(/^model:/, '')} failed${r.message ? `: ${r.message}` : ''}`, { run_id: r.run_id })),
    ...breakers.rows.map((r) => condition('breaker_open', r.upstream,
      `the circuit breaker of ${r.upstream} has been open since ${new Date(r.since).toISOString()}`, { since: new Date(r.since).toISOString(), processes: r.instances })),
  ];
}
