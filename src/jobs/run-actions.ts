import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import type { JobPayloads } from './job-kinds.js';

/** What cancel and retry need from the job queue (JobQueue has it). */
export interface RunActionQueue {
  cancel(id: string): Promise<unknown>;
  get(id: string): Promise<{ kind: string; state: string } | undefined>;
  enqueue(kind: 'sync', payload: JobPayloads['sync']): Promise<string | null>;
}

/** Runs this process started without a queue (API-only mode) can be cancelled and started here. */
export interface LocalRuns {
  cancel(runId: string): boolean;
  start(opts: { connection: string; streams?: string[]; full?: boolean; range?: { from: string; to: string }; trigger: string }): string;
}

interface RunRow {
  id: string;
  job_id: string | null;
  connection_name: string;
  status: string;
  full_refresh: boolean;
  requested_streams: string[] | null;
  range_from: Date | null;
  range_to: Date | null;
}

async function findRun(db: SqlExecutor, id: string): Promise<RunRow | undefined> {
  const { rows } = await db.query<RunRow>(
    `select id::text, job_id::text, connection_name, status, full_refresh, requested_streams, range_from, range_to from runs where id = $1::uuid`, [id]);
  return rows[0];
}

/** Cancels a history entry: a running run (through its job, or here when this process runs it) or a waiting sync job. */
export async function cancelHistoryEntry(
  db: SqlExecutor,
  queue: RunActionQueue | undefined,
  local: LocalRuns | undefined,
  id: string,
): Promise<{ id: string; cancelled: 'run' | 'job' }> {
  const run = await findRun(db, id);
  if (run) {
    if (run.status !== 'running') throw new SluiceError('conflict', `run ${id} is ${run.status}; only running runs can be cancelled`);
    if (run.job_id && queue) {
      await queue.cancel(run.job_id);
      return { id, cancelled: 'run' };
    }
    if (local?.cancel(id)) return { id, cancelled: 'run' };
    throw new SluiceError('conflict', `run ${id} was started from the command line in another process; stop it there (Ctrl-C)`);
  }
  const job = queue ? await queue.get(id) : undefined;
  if (!job || job.kind !== 'sync') throw new SluiceError('not_found', `no run or waiting sync job ${id}`);
  await queue!.cancel(id);
  return { id, cancelled: 'job' };
}

/**
 * Runs a finished run's work again as a new sync: the same connection, streams, range and full flag. Failed,
 * partial and cancelled runs can be retried; a range that has meanwhile aged past what the source serves is refused
 * when the new run plans it.
 */
export async function retryHistoryEntry(
  db: SqlExecutor,
  queue: RunActionQueue | undefined,
  local: LocalRuns | undefined,
  id: string,
): Promise<{ retried: string; job_id: string | null; run_id: string | null }> {
  const run = await findRun(db, id);
  if (!run) throw new SluiceError('not_found', `no run ${id}`);
  if (!['failed', 'partial', 'cancelled'].includes(run.status)) {
    throw new SluiceError('conflict', `run ${id} is ${run.status}; only failed, partial or cancelled runs can be retried`);
  }
  const payload: JobPayloads['sync'] = {
    connection: run.connection_name,
    ...(run.requested_streams?.length ? { streams: run.requested_streams } : {}),
    ...(run.full_refresh ? { full: true } : {}),
    ...(run.range_from && run.range_to ? { range: { from: run.range_from.toISOString(), to: run.range_to.toISOString() } } : {}),
    trigger: `retry:${id}`,
  };
  if (queue) {
    const jobId = await queue.enqueue('sync', payload);
    if (jobId === null) throw new SluiceError('conflict', `a sync of ${run.connection_name} is already waiting; it will run before long`);
    return { retried: id, job_id: jobId, run_id: null };
  }
  if (!local) throw new SluiceError('upstream_unavailable', 'no job queue is attached');
  const { trigger, ...rest } = payload;
  return { retried: id, job_id: null, run_id: local.start({ ...rest, ...(rest.streams ? { streams: [...rest.streams] } : {}), trigger: trigger ?? 'retry' }) };
}
