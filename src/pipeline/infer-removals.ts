import type { Database, SqlExecutor, Tx } from '../store/database.js';
import { toCopyText } from '../store/copy-text.js';
import type { RemovalPolicy } from '../core/pipeline-settings.js';
import type { PlannedChange } from './classify-batch.js';
import { writeChanges, type BatchTarget } from './write-batch.js';

const PAGE = 10_000;

/** The seen-key table of a run (migration 1200): keys live in the database, never all in the process. */
export async function noteSeenKeys(tx: Tx, runId: string, streamId: number, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.copyIn('run_seen_keys', ['run_id', 'stream_id', 'key'], toCopyText(keys.map((k) => [runId, String(streamId), k])));
}

/**
 * Drops a stream's seen keys when its sync ends, and those of runs that are no longer running (a crash's leftovers).
 * Under the table's lock: when no other live run has keys there, one TRUNCATE (constant time) instead of deleting a
 * million rows; the lock keeps any other run from adding keys between the check and the truncate.
 */
export async function forgetSeenKeys(db: Database, runId: string, streamId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('lock table run_seen_keys in access exclusive mode');
    const { rows } = await tx.query(
      `select 1 from run_seen_keys s
       where not (s.run_id = $1::uuid and s.stream_id = $2)
         and exists (select 1 from runs r where r.id = s.run_id and r.status in ('queued', 'running'))
       limit 1`,
      [runId, streamId],
    );
    if (rows.length === 0) await tx.query('truncate run_seen_keys');
    else {
      await tx.query(
        `delete from run_seen_keys s where (s.run_id = $1::uuid and s.stream_id = $2)
           or not exists (select 1 from runs r where r.id = s.run_id and r.status in ('queued', 'running'))`,
        [runId, streamId],
      );
    }
  });
}

export interface RemovalOutcome {
  /** Set when the mass-removal guard tripped: nothing was removed. */
  readonly guard: { readonly missing: number; readonly active: number } | null;
  readonly removed: number;
  /** The seen-key table holds fewer keys than the run noted (deleted under a run taken for dead): nothing was inferred. */
  readonly seenLost: boolean;
}

/**
 * After a complete snapshot read, in the transaction that commits the stream's state: active records of this stream
 * and connection the run did not see (one anti-join against the run's seen keys) get a miss, and those that reached
 * the grace period are removed — unless that would trip the mass-removal guard. `protect` spares stored records a
 * partial read could not have seen. Keys are handled a page at a time, so memory does not grow with the stream.
 */
export async function inferRemovals(
  tx: SqlExecutor,
  target: BatchTarget,
  childStreamIds: readonly number[],
  policy: RemovalPolicy,
  protect: ((data: Record<string, unknown>) => boolean) | undefined,
  seenNoted: number,
): Promise<RemovalOutcome> {
  const held = await tx.query<{ n: number }>(
    'select count(*)::int as n from run_seen_keys where run_id = $1::uuid and stream_id = $2', [target.runId, target.streamId]);
  if (held.rows[0]!.n !== seenNoted) return { guard: null, removed: 0, seenLost: true };
  await tx.query('create temp table if not exists sluice_missing (key text primary key) on commit drop');
  await tx.query(
    `insert into sluice_missing (key)
     select r.key from records r
     where r.stream_id = $1 and r.connection_id = $2::uuid and r.status = 'active'
       and not exists (select 1 from run_seen_keys s where s.run_id = $3::uuid and s.stream_id = $1 and s.key = r.key)`,
    [target.streamId, target.connectionId, target.runId],
  );
  if (protect) {
    for await (const page of pages(tx, 'select m.key, r.data from sluice_missing m join records r on r.stream_id = $1 and r.key = m.key', [target.streamId])) {
      const spared = page.filter((r) => r.data && protect(r.data)).map((r) => r.key);
      if (spared.length) await tx.query('delete from sluice_missing where key = any($1::text[])', [spared]);
    }
  }
  const { rows } = await tx.query<{ missing: number; active: number }>(
    `select (select count(*) from sluice_missing)::int as missing,
            (select count(*) from records where stream_id = $1 and connection_id = $2::uuid and status = 'active')::int as active`,
    [target.streamId, target.connectionId],
  );
  const { missing, active } = rows[0]!;
  if (missing === 0) return { guard: null, removed: 0, seenLost: false };
  if (tripsMassRemovalGuard(missing, active, policy)) return { guard: { missing, active }, removed: 0, seenLost: false };
  let removed = 0;
  for await (const page of pages(tx, 'select m.key, null::jsonb as data from sluice_missing m', [])) {
    removed += (await applyMisses(tx, target, childStreamIds, page.map((r) => r.key), policy)).removed;
  }
  return { guard: null, removed, seenLost: false };
}

/** Pages of `select key, data …` in key order (keyset paging: `m.key > last`). */
async function* pages(
  tx: SqlExecutor, select: string, params: readonly unknown[],
): AsyncGenerator<{ key: string; data: Record<string, unknown> | null }[]> {
  let after = '';
  for (;;) {
    const { rows } = await tx.query<{ key: string; data: Record<string, unknown> | null }>(
      `${select} where m.key > $${params.length + 1} order by m.key limit ${PAGE}`, [...params, after]);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.key;
  }
}

/** True when removing `missing` would take out more than the allowed share of the stream (mass-removal guard). */
export function tripsMassRemovalGuard(missing: number, active: number, policy: RemovalPolicy): boolean {
  return missing > policy.guardMinimum && active > 0 && missing / active > policy.maxRemovalShare;
}

/**
 * Counts a miss for each missing record and removes those that reached the grace period, with their children.
 * Runs inside the transaction that also commits the stream's state.
 */
export async function applyMisses(
  tx: SqlExecutor,
  target: BatchTarget,
  childStreamIds: readonly number[],
  missing: readonly string[],
  policy: RemovalPolicy,
): Promise<{ removed: number; pending: number }> {
  let removed = 0;
  let pending = 0;
  for (let i = 0; i < missing.length; i += 10_000) {
    const chunk = missing.slice(i, i + 10_000);
    const { rows } = await tx.query<{ key: string }>(
      `update records set
         missed_runs = missed_runs + 1,
         status = case when missed_runs + 1 >= $3 then 'removed' else status end,
         removed_at = case when missed_runs + 1 >= $3 then now() else removed_at end,
         version = case when missed_runs + 1 >= $3 then version + 1 else version end,
         updated_at = case when missed_runs + 1 >= $3 then now() else updated_at end
       where stream_id = $1 and key = any($2::text[]) and status = 'active'
       returning key, status`,
      [target.streamId, chunk, policy.missesToRemove],
    );
    const gone = rows.filter((r) => (r as { status?: string }).status === 'removed').map((r) => r.key);
    pending += rows.length - gone.length;
    removed += gone.length;
    await writeChanges(tx, target, gone.map((key): PlannedChange => ({ key, kind: 'removed', fields: null })));
    for (const childId of childStreamIds) {
      await removeChildrenOf(tx, { ...target, streamId: childId }, gone, null);
    }
  }
  return { removed, pending };
}

/**
 * Removes child records of `parentKeys` that are not in `keep` (a re-fetched parent whose array lost an item), or
 * all of them when `keep` is null (the parent itself was removed).
 */
export async function removeChildrenOf(
  tx: SqlExecutor,
  target: BatchTarget,
  parentKeys: readonly string[],
  keep: ReadonlySet<string> | null,
): Promise<number> {
  if (parentKeys.length === 0) return 0;
  const { rows } = await tx.query<{ key: string }>(
    `select key from records where stream_id = $1 and parent_key = any($2::text[]) and status = 'active'`,
    [target.streamId, [...parentKeys]],
  );
  const gone = rows.map((r) => r.key).filter((k) => !keep || !keep.has(k));
  if (gone.length === 0) return 0;
  await tx.query(
    `update records set status = 'removed', removed_at = now(), version = version + 1, updated_at = now()
     where stream_id = $1 and key = any($2::text[])`,
    [target.streamId, gone],
  );
  await writeChanges(tx, target, gone.map((key): PlannedChange => ({ key, kind: 'removed', fields: null })));
  return gone.length;
}
