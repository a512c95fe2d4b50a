import { SluiceError } from '../core/errors.js';
import { isJobKind, JOB_KINDS } from '../jobs/job-kinds.js';
import { JobQueue, type JobState, type JobSummary } from '../jobs/job-queue.js';
import { parseScheduleTarget } from '../jobs/schedule-target.js';
import type { AppContext } from '../main/app-context.js';
import { cancelHistoryEntry, retryHistoryEntry } from '../jobs/run-actions.js';
import {
  HISTORY_CSV_COLUMNS,
  HISTORY_STATUSES,
  listRunHistory,
  parseHistoryStatuses,
  runHistoryTotals,
  type RunHistoryFilter,
} from '../jobs/run-history.js';
import { resolveStreamNames } from '../pipeline/stream-aliases.js';
import { printJson, printNdjson, printTable } from './cli-output.js';
import { toCsv } from '../core/to-csv.js';
import type { CommandRegistry } from './command-context.js';

const STATES: readonly JobState[] = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];

function row(j: JobSummary): Record<string, unknown> {
  const out = j.output as { code?: string; message?: string } | null;
  return {
    id: j.id,
    kind: j.kind,
    state: j.state,
    key: j.singleton_key,
    tries: `${j.retry_count}/${j.retry_limit}`,
    created: j.created_on,
    started: j.started_on,
    finished: j.completed_on,
    error: j.state === 'failed' && out?.code ? `[${out.code}] ${out.message ?? ''}` : '',
  };
}

async function withQueue<T>(app: AppContext, fn: (q: JobQueue) => Promise<T>): Promise<T> {
  const q = await JobQueue.open(app.db, { supervise: false, instanceName: `cli-${process.pid}`, poolMax: 2 });
  try {
    return await fn(q);
  } finally {
    await q.stop(0);
  }
}

/** `sluice jobs list|show|cancel|retry|run`: the queue from the command line (the API exposes the same JobQueue). */
export function registerJobsCommand(reg: CommandRegistry): void {
  const jobs = reg.program.command('jobs').description('inspect, cancel, retry and enqueue jobs (sync, push, resolve, model)');

  jobs
    .command('list')
    .description('recent jobs, newest first')
    .option('--kind <kind>', `only this kind (${JOB_KINDS.join(', ')})`)
    .option('--state <state>', `only this state (${STATES.join(', ')})`)
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON lines')
    .action(async (o: { kind?: string; state?: string; limit: string; json?: boolean }) => {
      if (o.kind && !isJobKind(o.kind)) throw new SluiceError('bad_request', `unknown job kind "${o.kind}" (${JOB_KINDS.join(', ')})`);
      if (o.state && !(STATES as readonly string[]).includes(o.state)) throw new SluiceError('bad_request', `unknown state "${o.state}" (${STATES.join(', ')})`);
      const limit = Number.parseInt(o.limit, 10);
      if (!Number.isInteger(limit) || limit < 1) throw new SluiceError('bad_request', '--limit must be a positive integer');
      const list = await withQueue(await reg.app(), (q) =>
        q.list({ ...(o.kind && isJobKind(o.kind) ? { kind: o.kind } : {}), ...(o.state ? { state: o.state as JobState } : {}), limit }),
      );
      if (o.json) for (const j of list) printJson(j);
      else printTable(list.map(row));
    });

  jobs
    .command('show <id>')
    .description('one job with its payload and output (the error of a failed job)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const job = await withQueue(await reg.app(), (q) => q.get(id));
      if (!job) throw new SluiceError('not_found', `job ${id} not found`);
      if (o.json) printJson(job);
      else process.stdout.write(`${JSON.stringify(job, null, 2)}\n`);
    });

  for (const [name, what] of [
    ['cancel', 'cancel a waiting or running job, or a running run by its id (a running sync ends `cancelled`, its cursor untouched)'],
    ['retry', 'run a failed or cancelled job again, or a failed, partial or cancelled run by its id (same streams and range)'],
  ] as const) {
    jobs
      .command(`${name} <id>`)
      .description(what)
      .option('--json', 'print JSON')
      .action(async (id: string, o: { json?: boolean }) => {
        const app = await reg.app();
        // A run id from `sluice jobs history`: cancel through its job, or retry its work as a new sync job.
        const isRun = /^[0-9a-f-]{36}$/i.test(id) && (await app.db.query('select 1 from runs where id = $1::uuid', [id])).rows.length > 0;
        if (isRun) {
          const r = await withQueue<Record<string, unknown>>(app, (q) => (name === 'cancel' ? cancelHistoryEntry(app.db, q, undefined, id) : retryHistoryEntry(app.db, q, undefined, id)));
          if (o.json) printJson(r);
          else process.stderr.write(name === 'cancel' ? `run ${id} is being cancelled\n` : `run ${id} queued again as sync job ${(r as { job_id: string | null }).job_id ?? ''}\n`);
          return;
        }
        const job = await withQueue(app, (q) => (name === 'cancel' ? q.cancel(id) : q.retry(id)));
        if (o.json) printJson(job);
        else process.stderr.write(`job ${job.id} (${job.kind}) is now ${job.state}\n`);
      });
  }

  const collect = (v: string, prev: string[] = []) => [...prev, v];
  const historyOptions = (c: ReturnType<typeof jobs.command>) =>
    c
      .option('--connection <name>', 'only this connection (a DGI dealer); repeatable', collect)
      .option('--stream <name>', 'only this stream or alias (a DGI job type such as inv2_read); repeatable', collect)
      .option('--status <status>', `only these statuses (${HISTORY_STATUSES.join(', ')}); repeatable or comma-separated`, collect)
      .option('--since <date>', 'started at or after (YYYY-MM-DD or ISO instant)')
      .option('--until <date>', 'started before (YYYY-MM-DD or ISO instant)')
      .option('--trigger <trigger>', 'only runs started by this trigger (cli, api, job, retry:<run>, …)');
  type HistoryOpts = { connection?: string[]; stream?: string[]; status?: string[]; since?: string; until?: string; trigger?: string };
  const filterOf = async (app: AppContext, o: HistoryOpts): Promise<RunHistoryFilter> => {
    const at = (v: string | undefined, flag: string): Date | undefined => {
      if (v === undefined) return undefined;
      const ms = Date.parse(v);
      if (!Number.isFinite(ms)) throw new SluiceError('bad_request', `${flag} "${v}" is not a date (YYYY-MM-DD) or ISO instant`);
      return new Date(ms);
    };
    const streams = await resolveStreamNames(app.db, o.stream ?? []);
    const statuses = parseHistoryStatuses(o.status);
    const since = at(o.since, '--since');
    const until = at(o.until, '--until');
    return {
      ...(o.connection?.length ? { connections: o.connection } : {}),
      ...(streams.length ? { streams } : {}),
      ...(statuses ? { statuses } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(o.trigger ? { trigger: o.trigger } : {}),
    };
  };

  historyOptions(jobs.command('history').description('the job history: one line per run and stream (dealer × job type), and waiting sync jobs'))
    .option('--limit <n>', 'how many (newest first)', '50')
    .option('--json', 'NDJSON')
    .option('--csv', 'CSV with a header row (every matching entry up to --limit)')
    .action(async (o: HistoryOpts & { limit: string; json?: boolean; csv?: boolean }) => {
      const app = await reg.app();
      const limit = Number.parseInt(o.limit, 10);
      if (!Number.isInteger(limit) || limit < 1) throw new SluiceError('bad_request', '--limit must be a positive integer');
      const items = await listRunHistory(app.db, await filterOf(app, o), { limit });
      if (o.csv) process.stdout.write(toCsv(items as unknown as Record<string, unknown>[], HISTORY_CSV_COLUMNS));
      else if (o.json) printNdjson(items);
      else {
        printTable(items.map((e) => ({
          id: e.id, connection: e.connection, stream: e.stream, status: e.status, started: e.started_at,
          seconds: e.duration_ms === null ? '' : (e.duration_ms / 1000).toFixed(1), fetched: e.fetched, created: e.created,
          range: e.range_from ? `${e.range_from.toISOString().slice(0, 10)}..${e.range_to?.toISOString().slice(0, 10) ?? ''}` : '',
          error: e.error ?? '',
        })));
      }
    });

  historyOptions(jobs.command('totals').description('totals per connection and stream: runs by status, success rate, average duration, records'))
    .option('--json', 'JSON')
    .action(async (o: HistoryOpts & { json?: boolean }) => {
      const app = await reg.app();
      const rows = await runHistoryTotals(app.db, await filterOf(app, o));
      if (o.json) printJson(rows);
      else {
        printTable(rows.map((r) => ({
          connection: r.connection, stream: r.stream, total: r.total, succeeded: r.succeeded, partial: r.partial, failed: r.failed,
          cancelled: r.cancelled, running: r.running, queued: r.queued,
          'success %': r.success_rate === null ? '' : (r.success_rate * 100).toFixed(1),
          'avg s': r.avg_duration_ms === null ? '' : (r.avg_duration_ms / 1000).toFixed(1), records: r.records_fetched,
        })));
      }
    });

  jobs
    .command('run <target>')
    .description('enqueue work now: sync:<connection>[/<stream>], push:<destination>, resolve:<entity type>, model:<model>|*')
    .option('--full', 'for a sync: ignore stored cursors')
    .option('--json', 'print JSON')
    .action(async (target: string, o: { full?: boolean; json?: boolean }) => {
      const t = parseScheduleTarget(target);
      const payload = { ...t.payload, trigger: 'cli', ...(t.kind === 'sync' && o.full ? { full: true } : {}) };
      const id = await withQueue(await reg.app(), (q) => q.enqueue(t.kind, payload as never));
      if (o.json) printJson({ id, kind: t.kind, payload, coalesced: id === null });
      else process.stderr.write(id ? `enqueued ${t.kind} job ${id}\n` : `the same ${t.kind} work is already waiting; nothing added\n`);
    });
}
