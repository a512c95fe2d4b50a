import { hostname } from 'node:os';
import type { AppContext } from '../main/app-context.js';
import type { SluiceHttpClientFactory } from '../http/create-http-client-factory.js';
import { collectAlertConditions } from './alert-conditions.js';
import { alertsOpen } from './alert-metrics.js';
import { ALERT_COLUMNS, type AlertRow } from './alert-store.js';
import { sendAlertNotifications } from './notify-alerts.js';

/** Serialises evaluations across processes (pg_advisory_xact_lock key; "alerts" in ASCII). */
const ALERT_LOCK = 0x616c65727473;

export interface AlertEvaluation {
  readonly opened: AlertRow[];
  readonly resolved: AlertRow[];
  readonly notifications: { readonly sent: number; readonly failed: number };
}

/** This process's name in upstream_breakers. */
export const PROCESS_INSTANCE = `${hostname()}:${process.pid}`;

/** Writes this process's breakers (state, and since when not closed) so any process can see one stay open. */
async function reportBreakers(app: AppContext, instance: string): Promise<void> {
  // Processes that stopped reporting a day ago are gone (a new container, a new pid): forget their breakers.
  await app.db.query(`delete from upstream_breakers where seen_at < now() - interval '1 day'`);
  const details = (app.http as Partial<SluiceHttpClientFactory>).breakerDetails?.() ?? [];
  if (details.length === 0) return;
  await app.db.query(
    `insert into upstream_breakers (instance, upstream, state, open_since, seen_at)
     select $1, b.upstream, b.state, b.open_since, now() from json_to_recordset($2::json) as b(upstream text, state text, open_since timestamptz)
     on conflict (instance, upstream) do update set state = excluded.state, open_since = excluded.open_since, seen_at = now()`,
    [instance, JSON.stringify(details.map((d) => ({ upstream: d.upstream, state: d.state, open_since: d.openSince?.toISOString() ?? null })))],
  );
}

/**
 * One evaluation: report this process's breakers, then — under a database-wide lock, so workers evaluating at once
 * take turns — open an alert for each condition that holds and has none open, resolve each open alert whose
 * condition no longer holds, and finally send the notifications owed. Safe to run in every process, as often as wanted.
 */
export async function evaluateAlerts(app: AppContext, opts: { readonly instance?: string } = {}): Promise<AlertEvaluation> {
  const cfg = app.config.alerts;
  await reportBreakers(app, opts.instance ?? PROCESS_INSTANCE);
  const { opened, resolved } = await app.db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [ALERT_LOCK]);
    const conditions = await collectAlertConditions(tx, {
      failures: cfg.failures,
      breakerOpenSeconds: cfg.breakerOpenSeconds,
      breakerStaleSeconds: Math.max(3 * cfg.intervalSeconds, 60),
    });
    const fresh: AlertRow[] = [];
    for (const c of conditions) {
      const r = await tx.query<AlertRow>(
        `insert into alerts (key, kind, subject, message, details) values ($1, $2, $3, $4, $5::jsonb)
         on conflict (key) where resolved_at is null do nothing returning ${ALERT_COLUMNS}`,
        [c.key, c.kind, c.subject, c.message, JSON.stringify(c.details)],
      );
      fresh.push(...r.rows);
    }
    const cleared = await tx.query<AlertRow>(
      `update alerts set resolved_at = now() where resolved_at is null and not (key = any($1::text[])) returning ${ALERT_COLUMNS}`,
      [conditions.map((c) => c.key)],
    );
    return { opened: fresh, resolved: cleared.rows };
  });
  for (const a of opened) app.logger.warn({ alert: a.key, kind: a.kind }, `alert: ${a.message}`);
  for (const a of resolved) app.logger.info({ alert: a.key, kind: a.kind }, `alert recovered: ${a.message}`);
  const open = await app.db.query<{ kind: string; n: number }>('select kind, count(*)::int as n from alerts where resolved_at is null group by kind');
  alertsOpen.reset();
  for (const r of open.rows) alertsOpen.set({ kind: r.kind }, r.n);
  const notifications = await sendAlertNotifications(app);
  return { opened, resolved, notifications };
}

/** Evaluates alerts every `config.alerts.intervalSeconds` in this process (job runtimes start it). */
export function startAlertMonitor(app: AppContext): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    evaluateAlerts(app)
      .catch((err: unknown) => app.logger.warn({ err: (err as Error).message }, 'alert evaluation failed'))
      .finally(() => {
        running = false;
      });
  }, app.config.alerts.intervalSeconds * 1_000);
  timer.unref();
  return () => clearInterval(timer);
}
