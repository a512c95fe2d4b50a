import type { SqlExecutor } from '../store/database.js';
import { LAST_SEEN_SQL } from '../store/stream-view-sql.js';
import type { RecordMetadataColumns } from './record-metadata.js';

/** A record joined with what one destination holds for it. */
export interface PlanRow extends RecordMetadataColumns {
  readonly key: string;
  readonly data: Record<string, unknown>;
  readonly hash: string;
  readonly status: 'active' | 'removed';
  readonly external_id: string | null;
  readonly delivered_hash: string | null;
  readonly delivered: Record<string, string> | null;
  readonly state: 'pending_create' | 'delivered' | 'trashed' | 'failed' | null;
  readonly incomplete: boolean | null;
  readonly error: DeliveryError | null;
  /** People's edits pulled back, per destination name and property (the latest value, who, when). */
  readonly annotations: Record<string, Record<string, { value: unknown; by?: string; at?: string }>> | null;
}

/** `hash`: the content that failed with a 4xx; it is retried only once the record (or the mapping) changes. */
export interface DeliveryError {
  readonly code: string;
  readonly message: string;
  readonly status?: number;
  readonly hash?: string;
}

export interface DeliveryOutcome {
  readonly key: string;
  readonly external_id: string | null;
  readonly delivered_hash: string | null;
  readonly delivered: Record<string, string> | null;
  readonly state: 'pending_create' | 'delivered' | 'trashed' | 'failed';
  readonly incomplete: boolean;
  readonly error: DeliveryError | null;
}

export async function getStreamId(db: SqlExecutor, name: string): Promise<{ id: number; schema: unknown } | undefined> {
  const { rows } = await db.query<{ id: number; schema: unknown }>('select id, schema from streams where name = $1', [name]);
  return rows[0];
}

export async function getCursor(db: SqlExecutor, destinationId: string, streamId: number): Promise<{ outbox_id: number; pulled_at: Date | null } | undefined> {
  const { rows } = await db.query<{ outbox_id: number; pulled_at: Date | null }>(
    'select outbox_id, pulled_at from destination_cursors where destination_id = $1 and stream_id = $2',
    [destinationId, streamId],
  );
  return rows[0];
}

export async function setCursor(db: SqlExecutor, destinationId: string, streamId: number, outboxId: number): Promise<void> {
  await db.query(
    `insert into destination_cursors (destination_id, stream_id, outbox_id) values ($1, $2, $3)
     on conflict (destination_id, stream_id) do update set outbox_id = greatest(destination_cursors.outbox_id, excluded.outbox_id), updated_at = now()`,
    [destinationId, streamId, outboxId],
  );
}

export async function setPulledAt(db: SqlExecutor, destinationId: string, streamId: number, at: string): Promise<void> {
  await db.query(
    `insert into destination_cursors (destination_id, stream_id, outbox_id, pulled_at) values ($1, $2, 0, $3)
     on conflict (destination_id, stream_id) do update set pulled_at = excluded.pulled_at, updated_at = now()`,
    [destinationId, streamId, at],
  );
}

export async function maxOutboxId(db: SqlExecutor, streamId: number): Promise<number> {
  const { rows } = await db.query<{ m: number | null }>('select max(id) as m from outbox where stream_id = $1', [streamId]);
  return rows[0]?.m ?? 0;
}

/**
 * Plan input in one statement: records touched since the cursor (outbox events coalesced per key) plus records the
 * destination must retry (failed, pending create, incomplete). `full` = every record of the stream (first push, or
 * the mapping changed).
 */
export async function loadPlanRows(
  db: SqlExecutor,
  destinationId: string,
  streamId: number,
  range: { full: true } | { full: false; after: number; upTo: number },
): Promise<PlanRow[]> {
  const cols = `r.key, r.data, r.hash, r.status, r.first_seen_at, ${LAST_SEEN_SQL} as last_seen_at, r.updated_at, r.annotations,
    d.external_id, d.delivered_hash, d.delivered, d.state, d.incomplete, d.error`;
  const join = `left join destination_records d on d.destination_id = $1 and d.stream_id = r.stream_id and d.key = r.key
    left join stream_state ss on ss.stream_id = r.stream_id and ss.connection_id = r.connection_id`;
  if (range.full) {
    const { rows } = await db.query<PlanRow>(`select ${cols} from records r ${join} where r.stream_id = $2 order by r.key`, [destinationId, streamId]);
    return rows;
  }
  const { rows } = await db.query<PlanRow>(
    `with touched as (
       select distinct key from outbox where stream_id = $2 and id > $3 and id <= $4
       union
       select key from destination_records
        where destination_id = $1 and stream_id = $2 and (state in ('failed', 'pending_create') or incomplete)
     )
     select ${cols} from touched t join records r on r.stream_id = $2 and r.key = t.key ${join} order by r.key`,
    [destinationId, streamId, range.after, range.upTo],
  );
  return rows;
}

/** Marks creates as sent-but-not-confirmed before sending them: after a crash the next push looks them up first. */
export async function markPendingCreates(db: SqlExecutor, destinationId: string, streamId: number, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await db.query(
    `insert into destination_records (destination_id, stream_id, key, state)
     select $1, $2, k, 'pending_create' from unnest($3::text[]) as k
     on conflict (destination_id, stream_id, key) do update set state = 'pending_create', updated_at = now()
       where destination_records.external_id is null`,
    [destinationId, streamId, [...keys]],
  );
}

/** Stores a batch of outcomes in one statement. */
export async function saveOutcomes(db: SqlExecutor, destinationId: string, streamId: number, outcomes: readonly DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `insert into destination_records (destination_id, stream_id, key, external_id, delivered_hash, delivered, state, incomplete, error, attempts, updated_at)
     select $1, $2, x.key, x.external_id, x.delivered_hash, x.delivered, x.state, coalesce(x.incomplete, false), x.error,
            case when x.state = 'failed' then 1 else 0 end, now()
       from jsonb_to_recordset($3::jsonb) as x(key text, external_id text, delivered_hash text, delivered jsonb, state text, incomplete boolean, error jsonb)
     on conflict (destination_id, stream_id, key) do update set
       external_id = excluded.external_id, delivered_hash = excluded.delivered_hash, delivered = excluded.delivered,
       state = excluded.state, incomplete = excluded.incomplete, error = excluded.error,
       attempts = case when excluded.state = 'failed' then destination_records.attempts + 1 else 0 end, updated_at = now()`,
    [destinationId, streamId, JSON.stringify(outcomes)],
  );
}

/** Record key → external id for another destination (relations between mapped databases). */
export async function externalIdsByKey(db: SqlExecutor, destinationName: string, keys: readonly string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const { rows } = await db.query<{ key: string; external_id: string }>(
    `select dr.key, dr.external_id from destination_records dr join destinations d on d.id = dr.destination_id
      where d.name = $1 and dr.key = any($2::text[]) and dr.external_id is not null and dr.state <> 'trashed'`,
    [destinationName, [...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.key, r.external_id]));
}
