import { toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { alertNotificationsTotal } from './alert-metrics.js';
import { ALERT_COLUMNS, type AlertRow } from './alert-store.js';

export type AlertEvent = 'opened' | 'recovered';

/** The JSON body POSTed to each alert webhook; `text` makes it readable as is in Slack / Teams / Mattermost. */
export function alertPayload(alert: AlertRow, event: AlertEvent, publicUrl: string | undefined): Record<string, unknown> {
  const text = event === 'opened' ? `Sluice alert: ${alert.message}` : `Sluice recovered: ${alert.message}`;
  return {
    event: `alert.${event}`,
    text: publicUrl ? `${text} (${publicUrl})` : text,
    alert: {
      id: alert.id, key: alert.key, kind: alert.kind, subject: alert.subject, message: alert.message, details: alert.details,
      opened_at: new Date(alert.opened_at).toISOString(), resolved_at: alert.resolved_at ? new Date(alert.resolved_at).toISOString() : null,
    },
  };
}

const CLAIM_STALE = `interval '2 minutes'`;

/**
 * Sends every notification still owed: "opened" for each new alert, then "recovered" once it clears — each to every
 * configured webhook exactly once. A notification is claimed in the database before it goes out (two workers never
 * send the same one; a claim left by a crashed worker is taken over after 2 minutes) and a failed send is released,
 * to be tried again on the next evaluation. Without webhooks, alerts are only shown and nothing is owed.
 */
export async function sendAlertNotifications(app: AppContext): Promise<{ sent: number; failed: number }> {
  const hooks = app.config.alerts.webhooks;
  if (hooks.length === 0) {
    await app.db.query(`update alerts set notified_at = coalesce(notified_at, now()),
      recovery_notified_at = case when resolved_at is null then null else coalesce(recovery_notified_at, now()) end
      where notified_at is null or (resolved_at is not null and recovery_notified_at is null)`);
    return { sent: 0, failed: 0 };
  }
  const { rows } = await app.db.query<AlertRow & { owe_open: boolean; owe_recovery: boolean }>(
    `select ${ALERT_COLUMNS}, notified_at is null as owe_open, (resolved_at is not null and recovery_notified_at is null) as owe_recovery
     from alerts where notified_at is null or (resolved_at is not null and recovery_notified_at is null) order by id`,
  );
  let sent = 0;
  let failed = 0;
  for (const alert of rows) {
    const events: AlertEvent[] = [...(alert.owe_open ? ['opened' as const] : []), ...(alert.owe_recovery ? ['recovered' as const] : [])];
    for (const event of events) {
      let complete = true;
      for (const hook of hooks) {
        const claim = await app.db.query(
          `insert into alert_notifications (alert_id, event, webhook) values ($1, $2, $3)
           on conflict (alert_id, event, webhook) do update set claimed_at = now()
             where alert_notifications.sent_at is null and alert_notifications.claimed_at < now() - ${CLAIM_STALE}
           returning 1`,
          [alert.id, event, hook],
        );
        if (claim.rows.length === 0) continue; // sent already, or another worker is sending it now
        try {
          await app.http({ upstream: 'alert-webhook', baseUrl: hook }).request({
            method: 'POST', path: hook, json: alertPayload(alert, event, app.config.server.publicUrl), expect: 'text',
          });
          await app.db.query(`update alert_notifications set sent_at = now() where alert_id = $1 and event = $2 and webhook = $3`, [alert.id, event, hook]);
          sent += 1;
          alertNotificationsTotal.inc({ event, outcome: 'sent' });
        } catch (err) {
          complete = false;
          failed += 1;
          alertNotificationsTotal.inc({ event, outcome: 'failed' });
          const message = toSluiceError(err).message;
          app.logger.warn({ alert: alert.key, event, err: message }, 'alert notification failed; will retry');
          await app.db.query(`delete from alert_notifications where alert_id = $1 and event = $2 and webhook = $3 and sent_at is null`, [alert.id, event, hook]);
          await app.db.query(`update alerts set notify_error = $2 where id = $1`, [alert.id, message]);
        }
      }
      if (!complete) break; // "recovered" waits until "opened" has gone out everywhere
      const column = event === 'opened' ? 'notified_at' : 'recovery_notified_at';
      await app.db.query(
        `update alerts set ${column} = now(), notify_error = null where id = $1 and ${column} is null
           and (select count(*) from alert_notifications n where n.alert_id = $1 and n.event = $2 and n.sent_at is not null and n.webhook = any($3::text[])) = $4`,
        [alert.id, event, hooks, hooks.length],
      );
    }
  }
  return { sent, failed };
}
