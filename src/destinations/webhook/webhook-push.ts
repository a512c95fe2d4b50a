import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../main/app-context.js';
import type { HttpClient } from '../../http/http-client.js';
import type { SqlExecutor } from '../../store/database.js';
import { emptyPlan, type PlanAction, type PushFailure, type PushSummary } from '../destination.js';
import type { LoadedDestination } from '../destination-store.js';
import type { WebhookConfig } from './webhook-config.js';
import { sendBatch, type BatchRow } from './webhook-send.js';
import { buildDigest } from './webhook-digest.js';
import { recordMetadata, type RecordMetadataColumns } from '../record-metadata.js';
import { LAST_SEEN_SQL } from '../../store/stream-view-sql.js';

type Result = Omit<PushSummary, 'durationMs' | 'pushId'>;

interface EventRow extends ChangeEvent, RecordMetadataColumns {
  readonly record_data: Record<string, unknown> | null;
}

type WhereValue = string | number | boolean;

/** `where` filter: every listed field (or metadata) must equal the value, or one of the values of a list. */
export function matchesWhere(where: Readonly<Record<string, WhereValue | WhereValue[]>>, values: Record<string, unknown>): boolean {
  return Object.entries(where).every(([field, want]) => {
    const have = values[field];
    const wanted = (Array.isArray(want) ? want : [want]).map(String);
    return Array.isArray(have) ? have.some((h) => wanted.includes(String(h))) : wanted.includes(String(have ?? ''));
  });
}

function labelOf(data: Record<string, unknown> | null, key: string, field: string | undefined): string {
  if (!data) return key;
  const pick = field ?? ['name', 'title', 'company_name', 'site_name'].find((f) => typeof data[f] === 'string' && data[f] !== '');
  const v = pick ? data[pick] : undefined;
  return v === undefined || v === null || v === '' ? key : String(v);
}

/** A structured change event as receivers get it. */
export interface ChangeEvent {
  readonly id: number;
  readonly stream: string;
  readonly key: string;
  readonly kind: string;
  readonly fields: Record<string, { old: unknown; new: unknown }> | null;
  readonly run_id: string | null;
  readonly at: string;
}

const ACTION_OF: Record<string, PlanAction> = { created: 'create', removed: 'trash', restored: 'restore' };

export function webhookClient(app: AppContext, dest: LoadedDestination, config: WebhookConfig): HttpClient {
  return app.http({ upstream: 'webhook', baseUrl: new URL(config.url).origin, credentialKey: dest.id, timeoutMs: config.timeout_ms, retries: 0 });
}

interface StreamCursor {
  id: number;
  name: string;
  cursor: number | null;
  up_to: number | null;
}

/**
 * Turns new outbox events into signed batches: in one transaction the events after each stream's cursor (filtered by
 * kind) become `pending` batches and the cursors move, so a crash never loses or re-batches an event. Then every
 * pending batch (new or left over) is sent; failures after N attempts are dead-lettered.
 */
export async function pushWebhook(app: AppContext, dest: LoadedDestination, opts: { dryRun: boolean; signal?: AbortSignal }): Promise<Result> {
  const config = dest.settings as unknown as WebhookConfig;
  const plan = emptyPlan();
  const { rows: streams } = await app.db.query<StreamCursor>(
    `select s.id, s.name, c.outbox_id as cursor, (select max(o.id) from outbox o where o.stream_id = s.id) as up_to
       from streams s left join destination_cursors c on c.destination_id = $1 and c.stream_id = s.id
      where cardinality($2::text[]) = 0 or s.name = any($2::text[])`,
    [dest.id, config.streams],
  );
  const eventsOf = async (db: SqlExecutor, s: StreamCursor): Promise<ChangeEvent[]> => {
    const { rows } = await db.query<EventRow>(
      `select o.id, $2::text as stream, o.key, o.kind, c.fields, o.run_id, to_char(o.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
              r.data as record_data, coalesce(r.status, 'removed') as status, r.first_seen_at, ${LAST_SEEN_SQL} as last_seen_at, r.updated_at
         from outbox o left join changes c on c.id = o.change_id
         left join records r on r.stream_id = o.stream_id and r.key = o.key
         left join stream_state ss on ss.stream_id = r.stream_id and ss.connection_id = r.connection_id
        where o.stream_id = $1 and o.id > $3 and o.id <= $4 and (cardinality($5::text[]) = 0 or o.kind = any($5::text[]))
        order by o.id`,
      [s.id, s.name, s.cursor ?? 0, s.up_to ?? 0, config.kinds],
    );
    const kept = rows.filter((r) => matchesWhere(config.where, { ...(r.record_data ?? {}), ...recordMetadata(r) }));
    for (const r of kept) labels.set(`${r.stream}\u0000${r.key}`, labelOf(r.record_data, r.key, config.label_field));
    return kept.map(({ record_data: _d, status: _s, first_seen_at: _f, last_seen_at: _l, updated_at: _u, ...e }) => e);
  };
  const labels = new Map<string, string>();
  if (opts.dryRun) {
    for (const s of streams) {
      for (const e of await eventsOf(app.db, s)) plan[ACTION_OF[e.kind] ?? 'update'] += 1;
    }
    return { destination: dest.name, kind: 'webhook', dryRun: true, status: 'planned', plan, calls: 0, pushed: 0, failed: 0, failures: [], cuts: 0 };
  }
  await app.db.transaction(async (tx) => {
    const batches: { id: string; payload: unknown; event_count: number }[] = [];
    const window: ChangeEvent[] = [];
    for (const s of streams) {
      const events = await eventsOf(tx, s);
      for (const e of events) plan[ACTION_OF[e.kind] ?? 'update'] += 1;
      if (config.format === 'digest') window.push(...events);
      for (let i = 0; config.format === 'events' && i < events.length; i += config.batch_size) {
        const slice = events.slice(i, i + config.batch_size);
        const id = randomUUID();
        batches.push({ id, event_count: slice.length, payload: { id, destination: dest.name, events: slice } });
      }
      if (s.up_to !== null && s.up_to > (s.cursor ?? 0)) {
        await tx.query(
          `insert into destination_cursors (destination_id, stream_id, outbox_id) values ($1, $2, $3)
           on conflict (destination_id, stream_id) do update set outbox_id = excluded.outbox_id, updated_at = now()`,
          [dest.id, s.id, s.up_to],
        );
      }
    }
    if (config.format === 'digest') {
      const names = [...new Set(window.map((e) => e.stream))];
      const digest = buildDigest(
        window.map((e) => ({ ...e, label: labels.get(`${e.stream}\u0000${e.key}`) ?? e.key })),
        config.digest_title ?? `Changes in ${names.join(', ')}`,
      );
      if (digest) {
        const id = randomUUID();
        const first = window[0];
        const last = window[window.length - 1];
        // One message per push: ids of the first and last event let a receiver tell windows apart.
        batches.push({
          id,
          event_count: window.length,
          payload: { id, destination: dest.name, kind: 'digest', from_event: first?.id, to_event: last?.id, ...digest },
        });
      }
    }
    if (batches.length > 0) {
      await tx.query(
        `insert into destination_batches (id, destination_id, payload, event_count, status)
         select x.id, $1, x.payload, x.event_count, 'pending' from jsonb_to_recordset($2::jsonb) as x(id uuid, payload jsonb, event_count int)`,
        [dest.id, JSON.stringify(batches)],
      );
    }
  });
  const sent = await sendPending(app, dest, config, opts.signal);
  return {
    destination: dest.name, kind: 'webhook', dryRun: false, status: sent.failures.length > 0 ? 'partial' : 'succeeded', plan,
    calls: sent.calls, pushed: sent.events, failed: sent.failures.length, failures: sent.failures, cuts: 0,
  };
}

/** Sends every pending batch of a destination, oldest first. */
export async function sendPending(
  app: AppContext,
  dest: LoadedDestination,
  config: WebhookConfig,
  signal?: AbortSignal,
): Promise<{ calls: number; events: number; failures: PushFailure[] }> {
  const http = webhookClient(app, dest, config);
  const { rows } = await app.db.query<BatchRow>(
    `select id, payload, event_count from destination_batches where destination_id = $1 and status = 'pending'
      order by created_at, (payload->'events'->0->>'id')::bigint, id`,
    [dest.id],
  );
  let calls = 0;
  let events = 0;
  const failures: PushFailure[] = [];
  for (const b of rows) {
    const r = await sendBatch(app.db, http, dest.id, config, b, signal);
    calls += r.attempts;
    if (r.delivered) events += b.event_count;
    else failures.push({ key: b.id, action: 'deliver', code: 'dead_lettered', message: `batch of ${b.event_count} events dead-lettered after ${r.attempts} attempts: ${r.lastError ?? ''}` });
  }
  return { calls, events, failures };
}

/** `sluice webhook redeliver`: re-sends dead-lettered batches (or one batch by id) now. */
export async function redeliverWebhook(
  app: AppContext,
  dest: LoadedDestination,
  what: { deadLetters: true } | { batchId: string },
  signal?: AbortSignal,
): Promise<{ batches: number; calls: number; events: number; failures: PushFailure[] }> {
  const config = dest.settings as unknown as WebhookConfig;
  const { rows } = 'batchId' in what
    ? await app.db.query<{ id: string }>(
        `update destination_batches set status = 'pending' where destination_id = $1 and id = $2 returning id`,
        [dest.id, what.batchId],
      )
    : await app.db.query<{ id: string }>(
        `update destination_batches b set status = 'pending' where b.destination_id = $1 and b.status = 'dead'
           and exists (select 1 from destination_dead_letters d where d.batch_id = b.id and d.redelivered_at is null) returning b.id`,
        [dest.id],
      );
  const sent = await sendPending(app, dest, config, signal);
  return { batches: rows.length, ...sent };
}
