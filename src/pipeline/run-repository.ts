import type { SqlExecutor } from '../store/database.js';

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'cancelled';

export async function createRun(
  db: SqlExecutor,
  r: { id?: string; connectionId: string; connectionName: string; full: boolean; trigger: string; range?: { from: Date; to: Date }; jobId?: string; streams?: readonly string[] },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into runs (id, connection_id, connection_name, status, full_refresh, trigger, heartbeat_at, range_from, range_to, job_id, requested_streams)
     values (coalesce($1::uuid, gen_random_uuid()), $2::uuid, $3, 'running', $4, $5, now(), $6::timestamptz, $7::timestamptz, $8::uuid, $9::text[])
     returning id`,
    [
      r.id ?? null, r.connectionId, r.connectionName, r.full, r.trigger, r.range?.from.toISOString() ?? null, r.range?.to.toISOString() ?? null,
      r.jobId ?? null, r.streams ? [...r.streams] : null,
    ],
  );
  return rows[0]!.id;
}

export async function heartbeat(db: SqlExecutor, runId: string, streams: unknown): Promise<void> {
  await db.query(`update runs set heartbeat_at = now(), streams = $2::jsonb where id = $1::uuid`, [runId, JSON.stringify(streams)]);
}

export async function finishRun(
  db: SqlExecutor,
  runId: string,
  r: { status: RunStatus; streams: unknown; flags: unknown[]; error: unknown },
): Promise<void> {
  await db.query(
    `update runs set status = $2, streams = $3::jsonb, flags = $4::jsonb, error = $5::jsonb, finished_at = now(), heartbeat_at = now()
     where id = $1::uuid`,
    [runId, r.status, JSON.stringify(r.streams), JSON.stringify(r.flags), r.error === null ? null : JSON.stringify(r.error)],
  );
}

export async function logRun(db: SqlExecutor, runId: string, level: string, message: string, data?: unknown): Promise<void> {
  await db.query(`insert into run_logs (run_id, level, message, data) values ($1::uuid, $2, $3, $4::jsonb)`, [
    runId,
    level,
    message,
    data === undefined ? null : JSON.stringify(data),
  ]);
}

/**
 * Runs left `running` by a process that died (no heartbeat for `staleAfterMs`) are marked failed, so the history
 * tells the truth; their data is consistent because every batch committed atomically and no cursor moved.
 */
export async function failStaleRuns(db: SqlExecutor, staleAfterMs: number): Promise<number> {
  const r = await db.query(
    `update runs set status = 'failed', finished_at = now(),
       error = jsonb_build_object('code', 'interrupted', 'message', 'the process running this sync stopped before it finished')
     where status = 'running' and heartbeat_at < now() - ($1::bigint * interval '1 millisecond')`,
    [staleAfterMs],
  );
  return r.rowCount;
}
