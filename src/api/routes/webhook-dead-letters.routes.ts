import { z } from 'zod';
import { writeAudit } from '../../auth/audit-log.js';
import { SluiceError } from '../../core/errors.js';
import { getDestinationRow, loadDestination } from '../../destinations/destination-store.js';
import { redeliverWebhook } from '../../destinations/webhook/webhook-push.js';
import { actorOf } from '../access-control.js';
import type { RouteModule } from '../api-deps.js';
import { iso, isoDate, limitParam, nameParam } from '../api-schemas.js';

const deadLetter = z.object({
  id: z.number().int(),
  batch_id: z.string(),
  reason: z.string().describe('the last failure: status code or network error, as the receiver answered'),
  events: z.number().int().describe('change events in the batch'),
  attempts: z.number().int(),
  created_at: isoDate,
});

const redelivery = z.object({
  batches: z.number().int().describe('batches re-sent'),
  calls: z.number().int(),
  events: z.number().int().describe('events delivered'),
  failures: z.array(z.object({ key: z.string(), code: z.string(), message: z.string() })).describe('batches dead-lettered again'),
});

/** Webhook dead letters (batches that failed every attempt) and their redelivery — the API of `sluice webhook redeliver`. */
export const webhookDeadLetterRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['webhooks'];
  const webhook = async (name: string) => {
    const row = await getDestinationRow(db, name);
    if (row.kind !== 'webhook') throw new SluiceError('bad_request', `destination "${name}" is a ${row.kind} destination, not a webhook: it has no dead letters`);
    return row;
  };

  f.get('/api/v1/webhooks/:name/dead-letters', {
    config: { auth: 'destinations:read' },
    schema: {
      tags,
      summary: 'Open dead letters of a webhook (not yet redelivered), newest first',
      params: nameParam,
      querystring: z.object({ limit: limitParam }),
      response: { 200: z.object({ items: z.array(deadLetter) }) },
    },
  }, async (req) => {
    const row = await webhook(req.params.name);
    const { rows } = await db.query<{ id: string | number; batch_id: string; reason: string; events: number; attempts: number; created_at: Date }>(
      `select d.id, d.batch_id::text as batch_id, d.reason, b.event_count::int as events, b.attempts::int as attempts, d.created_at
         from destination_dead_letters d join destination_batches b on b.id = d.batch_id
        where d.destination_id = $1 and d.redelivered_at is null order by d.id desc limit $2`,
      [row.id, req.query.limit],
    );
    return { items: rows.map((r) => ({ ...r, id: Number(r.id), created_at: iso(r.created_at) })) };
  });

  f.post('/api/v1/webhooks/:name/redeliver', {
    config: { auth: 'pushes:run' },
    schema: {
      tags,
      summary: 'Re-send every open dead letter, or one batch by id; answers when the receiver has answered',
      params: nameParam,
      body: z.object({ batch_id: z.uuid().optional().describe('one batch (delivered or not); default: every open dead letter') }).optional(),
      response: { 200: redelivery },
    },
  }, async (req) => {
    const row = await webhook(req.params.name);
    const dest = await loadDestination(db, deps.app.secrets, row.name);
    const batchId = req.body?.batch_id;
    const r = await redeliverWebhook(deps.app, dest, batchId ? { batchId } : { deadLetters: true });
    await writeAudit(db, {
      actor: actorOf(req), action: 'webhook.redeliver', target: row.name, requestId: req.id, ip: req.ip,
      details: { batch_id: batchId ?? null, batches: r.batches, failures: r.failures.length },
    });
    return { batches: r.batches, calls: r.calls, events: r.events, failures: r.failures.map((x) => ({ key: x.key, code: x.code, message: x.message })) };
  });
};
