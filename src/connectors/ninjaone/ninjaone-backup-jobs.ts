import type { ReadContext, SourceMessage } from '../../core/connector.js';
import { SluiceError } from '../../core/errors.js';
import { ninjaApi } from './ninjaone-api.js';
import type { NinjaOneConfig } from './ninjaone-config.js';
import { backupJobRecord } from './ninjaone-records.js';

/** The committed state of the backup-jobs stream: the latest job start time stored (ISO 8601). */
export interface BackupJobsState {
  readonly maxStart: string;
}

export function backupJobsState(state: unknown): BackupJobsState | undefined {
  const s = state as { maxStart?: unknown } | null | undefined;
  return s && typeof s.maxStart === 'string' && !Number.isNaN(Date.parse(s.maxStart)) ? { maxStart: s.maxStart } : undefined;
}

export function nextBackupJobsState(state: unknown, record: Record<string, unknown>): BackupJobsState | undefined {
  const prev = backupJobsState(state);
  const iso = backupJobRecord(record).jobStartTime;
  if (typeof iso !== 'string') return prev;
  return !prev || Date.parse(iso) > Date.parse(prev.maxStart) ? { maxStart: iso } : prev;
}

interface BackupJobReport {
  cursor?: { name?: unknown; offset?: unknown; count?: unknown; expires?: unknown } | null;
  results?: unknown;
}

/**
 * Backup jobs started since the last stored start minus `backup_jobs_overlap_hours` (a job's status moves from
 * PROCESSING / RUNNING to COMPLETED, FAILED or CANCELED after it started, so recent jobs are read again and their
 * status change is recorded); the first sync reaches back `backup_jobs_lookback_days`. `GET /v2/backup/jobs` pages
 * with a named server-side cursor: the first call fixes the result set, `cursor=<name>` continues it.
 */
export async function* readBackupJobs(ctx: ReadContext<NinjaOneConfig>): AsyncIterable<SourceMessage> {
  const { client } = ninjaApi(ctx, ctx.config);
  const last = ctx.full ? undefined : backupJobsState(ctx.state);
  const sinceMs = last
    ? Date.parse(last.maxStart) - ctx.config.backup_jobs_overlap_hours * 3_600_000
    : ctx.now().getTime() - ctx.config.backup_jobs_lookback_days * 86_400_000;
  const pageSize = ctx.config.backup_jobs_page_size;
  let cursor: string | undefined;
  for (let pages = 0; ; pages++) {
    const res = await client.request<BackupJobReport>({
      path: '/v2/backup/jobs',
      query: cursor === undefined ? { stf: `startTime after ${new Date(sinceMs).toISOString()}`, pageSize } : { cursor, pageSize },
      signal: ctx.signal,
    });
    const results = res.body?.results;
    if (!Array.isArray(results)) {
      throw new SluiceError('malformed_response', 'ninjaone GET /v2/backup/jobs: the reply has no "results" list');
    }
    for (const j of results as unknown[]) {
      if (j === null || typeof j !== 'object' || typeof (j as { jobId?: unknown }).jobId !== 'string') {
        yield { type: 'invalid', raw: j, reasons: ['backup job without a jobId'] };
        continue;
      }
      yield { type: 'record', data: backupJobRecord(j as Record<string, unknown>) };
    }
    if (results.length < pageSize) return;
    const name = res.body?.cursor?.name;
    if (typeof name !== 'string' || name === '') {
      throw new SluiceError('malformed_response', 'ninjaone GET /v2/backup/jobs: a full page came without a cursor name, paging would not end');
    }
    if (pages > 100_000) throw new SluiceError('malformed_response', 'ninjaone GET /v2/backup/jobs: the cursor never ended');
    cursor = name;
  }
}
