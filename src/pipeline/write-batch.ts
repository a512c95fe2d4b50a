import type { SqlExecutor, Tx } from '../store/database.js';
import { toCopyText } from '../store/copy-text.js';
import type { VolatileFields } from '../core/volatile-fields.js';
import { classifyBatch, type BatchPlan, type IncomingRecord, type PlannedChange, type StoredVersion } from './classify-batch.js';

export interface QuarantineItem {
  readonly streamId: number;
  readonly line: number | null;
  readonly position: string | null;
  readonly raw: unknown;
  readonly reasons: readonly string[];
}

export interface BatchTarget {
  readonly streamId: number;
  readonly connectionId: string;
  readonly runId: string;
}

const STAGE_COLUMNS = ['key', 'parent_key', 'data', 'hash', 'raw_hash'] as const;

/**
 * Writes one batch of one stream, set-based: one statement reads the stored hashes, the batch is COPY-loaded into a
 * session-local staging table and merged into `records` by one statement, one touches what did not change, one writes
 * change rows and their outbox events together. Runs inside the caller's transaction, so records, changes and outbox
 * commit or roll back as one.
 */
export async function writeBatch(
  tx: Tx, target: BatchTarget, incoming: readonly IncomingRecord[], volatile?: VolatileFields,
): Promise<BatchPlan> {
  const stored = await loadStored(tx, target.streamId, incoming);
  const plan = classifyBatch(incoming, stored, volatile);
  if (plan.upserts.length > 0) {
    await tx.query(
      `create temp table if not exists sluice_stage (key text, parent_key text, data jsonb, hash text, raw_hash text);
       truncate sluice_stage`,
    );
    await tx.copyIn('sluice_stage', STAGE_COLUMNS, toCopyText(plan.upserts.map((u) => [u.key, u.parentKey, JSON.stringify(u.data), u.hash, u.rawHash])));
    await tx.query(
      `insert into records as r (stream_id, key, connection_id, parent_key, data, hash, raw_hash, status, last_run_id)
       select $1, s.key, $2::uuid, s.parent_key, s.data, s.hash, s.raw_hash, 'active', $3::uuid from sluice_stage s
       on conflict (stream_id, key) do update set
         data = excluded.data, hash = excluded.hash, raw_hash = excluded.raw_hash, status = 'active', version = r.version + 1,
         parent_key = excluded.parent_key, connection_id = excluded.connection_id, last_run_id = excluded.last_run_id,
         last_seen_at = now(), updated_at = now(), removed_at = null, missed_runs = 0`,
      [target.streamId, target.connectionId, target.runId],
    );
  }
  // Unchanged records are not rewritten (a reload of a million unchanged rows writes nothing); only a pending miss
  // counter or a stale raw hash is refreshed, and new values of volatile fields are stored (no version, no change row).
  // "Last seen" for them is the stream's last complete run.
  if (plan.touch.length > 0) {
    await tx.query(
      `update records r set missed_runs = 0, raw_hash = x.raw_hash, data = coalesce(x.data, r.data), hash = coalesce(x.hash, r.hash)
       from jsonb_to_recordset($2::jsonb) as x(key text, raw_hash text, data jsonb, hash text)
       where r.stream_id = $1 and r.key = x.key`,
      [target.streamId, JSON.stringify(plan.touch)],
    );
  }
  await writeChanges(tx, target, plan.changes);
  return plan;
}

async function loadStored(tx: SqlExecutor, streamId: number, incoming: readonly IncomingRecord[]): Promise<Map<string, StoredVersion>> {
  if (incoming.length === 0) return new Map();
  const { rows } = await tx.query<StoredVersion>(
    `select r.key, r.hash, r.raw_hash, r.missed_runs, r.status,
            case when r.hash <> i.hash or r.status <> 'active' then r.data end as data
     from unnest($2::text[], $3::text[]) as i(key, hash)
     join records r on r.stream_id = $1 and r.key = i.key`,
    [streamId, incoming.map((r) => r.key), incoming.map((r) => r.hash)],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

/** Change rows and their outbox events in one statement. */
export async function writeChanges(tx: SqlExecutor, target: BatchTarget, changes: readonly PlannedChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.query(
    `with c as (
       insert into changes (run_id, stream_id, key, kind, fields)
       select $1::uuid, $2, x.key, x.kind, x.fields from jsonb_to_recordset($3::jsonb) as x(key text, kind text, fields jsonb)
       returning id, stream_id, key, kind, run_id, at)
     insert into outbox (change_id, stream_id, key, kind, run_id, at) select id, stream_id, key, kind, run_id, at from c`,
    [target.runId, target.streamId, JSON.stringify(changes)],
  );
}

export async function writeQuarantine(tx: SqlExecutor, runId: string, connectionId: string, items: readonly QuarantineItem[]): Promise<void> {
  if (items.length === 0) return;
  await tx.query(
    `insert into quarantine (run_id, connection_id, stream_id, line, position, raw, reasons)
     select $1::uuid, $2::uuid, x.stream_id, x.line, x.position, x.raw, x.reasons
     from jsonb_to_recordset($3::jsonb) as x(stream_id int, line bigint, position text, raw jsonb, reasons jsonb)`,
    [
      runId,
      connectionId,
      JSON.stringify(items.map((q) => ({ stream_id: q.streamId, line: q.line, position: q.position, raw: q.raw ?? null, reasons: q.reasons }))),
    ],
  );
}
