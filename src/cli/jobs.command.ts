import { SluiceError } from '../core/errors.js';
import { isJobKind, JOB_KINDS } from '../jobs/job-kinds.js';
import { JobQueue, type JobState, type JobSummary } from '../jobs/job-queue.js';
import { parseScheduleTarget } from '../jobs/schedule-target.js';
import type { AppContext } from '../main/app-context.js';
import { printJson, printTable } from './cli-output.js';
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
    ['cancel', 'cancel a waiting or running job (a running sync ends `cancelled`, its cursor untouched)'],
    ['retry', 'run a failed or cancelled job again'],
  ] as const) {
    jobs
      .command(`${name} <id>`)
      .description(what)
      .option('--json', 'print JSON')
      .action(async (id: string, o: { json?: boolean }) => {
        const job = await withQueue(await reg.app(), (q) => (name === 'cancel' ? q.cancel(id) : q.retry(id)));
        if (o.json) printJson(job);
        else process.stderr.write(`job ${job.id} (${job.kind}) is now ${job.state}\n`);
      });
  }

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
