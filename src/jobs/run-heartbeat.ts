import type { SqlExecutor } from '../store/database.js';

/**
 * Keeps a job's run visibly alive: `runs.heartbeat_at` is refreshed every `intervalMs` while the job runs, so a run
 * whose worker was killed (SIGKILL, OOM, power) is told apart from a slow one by its stale heartbeat. The pipeline
 * also heartbeats per batch; this covers long reads between batches.
 */
export function startRunHeartbeat(db: SqlExecutor, runId: string, intervalMs: number): () => void {
  const timer = setInterval(() => {
    db.query(`update runs set heartbeat_at = now() where id = $1::uuid and status = 'running'`, [runId]).catch(() => {
      /* the next beat retries; a database outage fails the run through the pipeline anyway */
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Fails the `running` runs of one connection whose heartbeat is older than `staleAfterMs`: they belong to a worker
 * that died. Called by the next sync job of the connection before it starts (the singleton key guarantees no live
 * job of the connection is running). Their data is consistent: every batch committed atomically with its cursor.
 */
export async function failStaleRunsOf(db: SqlExecutor, connectionName: string, staleAfterMs: number): Promise<number> {
  const r = await db.query(
    `update runs set status = 'failed', finished_at = now(),
       error = jsonb_build_object('code', 'interrupted', 'message', 'the worker running this sync stopped before it finished')
     where status = 'running' and connection_name = $1
       and coalesce(heartbeat_at, started_at) < now() - ($2::bigint * interval '1 millisecond')`,
    [connectionName, staleAfterMs],
  );
  return r.rowCount;
}
