import type { SqlExecutor } from '../store/database.js';
import type { RemovalPolicy } from '../core/pipeline-settings.js';
import type { PlannedChange } from './classify-batch.js';
import { writeChanges, type BatchTarget } from './write-batch.js';

export interface RemovalCandidates {
  readonly missing: string[];
  readonly active: number;
  readonly protectedCount: number;
}

const PAGE = 50_000;

/**
 * Active records of this stream and connection that the run did not see. Keys are read page by page so a stream of
 * millions never loads its data, only its keys (and data only when a protect predicate needs it).
 */
export async function findMissing(
  db: SqlExecutor,
  streamId: number,
  connectionId: string,
  seen: { has(key: string): boolean },
  protect: ((data: Record<string, unknown>) => boolean) | undefined,
): Promise<RemovalCandidates> {
  const missing: string[] = [];
  let active = 0;
  let protectedCount = 0;
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ key: string; data: Record<string, unknown> | null }>(
      `select key, ${protect ? 'data' : 'null::jsonb as data'} from records
       where stream_id = $1 and connection_id = $2::uuid and status = 'active' and key > $3
       order by key limit ${PAGE}`,
      [streamId, connectionId, after],
    );
    for (const r of rows) {
      active++;
      if (seen.has(r.key)) continue;
      if (protect && r.data && protect(r.data)) protectedCount++;
      else missing.push(r.key);
    }
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]!.key;
  }
  return { missing, active, protectedCount };
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
