import { SingleBar, Presets } from 'cli-progress';
import { SluiceError } from '../core/errors.js';
import { runSync, type SyncSummary } from '../pipeline/run-sync.js';
import type { StreamCounts } from '../pipeline/sync-stream.js';
import { formatTable, printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

export function exitCodeForStatus(status: SyncSummary['status']): number {
  return status === 'succeeded' ? EXIT.ok : status === 'partial' ? EXIT.partial : EXIT.failure;
}

function summaryTable(s: SyncSummary): string {
  const secs = s.duration_ms / 1000;
  const rows = Object.entries(s.streams).map(([stream, c]) => ({
    stream, fetched: c.fetched, valid: c.valid, quarantined: c.quarantined, created: c.created, updated: c.updated,
    unchanged: c.unchanged, removed: c.removed, restored: c.restored,
    'records/s': secs > 0 ? Math.round(c.fetched / secs) : c.fetched,
  }));
  return formatTable(rows);
}

export function registerSyncCommand(reg: CommandRegistry): void {
  reg.program
    .command('sync <connection>')
    .description('pull a connection now: exit 0 succeeded, 2 partial (quarantine, incomplete read, guard), 1 failed')
    .option('--stream <name...>', 'only these streams')
    .option('--full', 'ignore stored cursors and re-read everything')
    .option('--from <date>', 'read only this range of source time, from this day (YYYY-MM-DD in the source\'s zone, or an ISO instant); the cursor never moves back')
    .option('--to <date>', 'end of the range (inclusive; default: now)')
    .option('--json', 'print only the JSON summary on stdout')
    .action(async (name: string, o: { stream?: string[]; full?: boolean; json?: boolean; from?: string; to?: string }) => {
      if (o.to !== undefined && o.from === undefined) throw new SluiceError('range_invalid', '--to needs --from');
      const range = o.from !== undefined ? { from: o.from, to: o.to ?? new Date().toISOString() } : undefined;
      const app = await reg.app();
      const tty = Boolean(process.stderr.isTTY) && !o.json;
      const bar = tty ? new SingleBar({ format: ' {stream} | {value} records | {created} new, {updated} updated, {quarantined} quarantined', hideCursor: true }, Presets.shades_classic) : null;
      let started = false;
      const onProgress = (stream: string, c: StreamCounts) => {
        if (bar) {
          if (!started) {
            bar.start(0, 0, { stream, created: 0, updated: 0, quarantined: 0 });
            started = true;
          }
          bar.setTotal(c.fetched);
          bar.update(c.fetched, { stream, created: c.created, updated: c.updated, quarantined: c.quarantined });
        } else {
          process.stderr.write(`${JSON.stringify({ progress: stream, ...c })}\n`);
        }
      };
      const ac = new AbortController();
      const stop = () => ac.abort();
      process.once('SIGINT', stop);
      try {
        const s = await runSync(app, { connection: name, ...(o.stream ? { streams: o.stream } : {}), full: o.full ?? false, ...(range ? { range } : {}), signal: ac.signal, onProgress, trigger: 'cli' });
        bar?.stop();
        if (o.json) {
          printJson({
            run_id: s.run_id,
            status: s.status,
            streams: Object.fromEntries(Object.entries(s.streams).map(([k, c]) => [k, {
              fetched: c.fetched, valid: c.valid, quarantined: c.quarantined, created: c.created, updated: c.updated,
              unchanged: c.unchanged, removed: c.removed, restored: c.restored,
            }])),
            flags: s.flags,
            errors: s.errors,
            duration_ms: s.duration_ms,
          });
        } else {
          process.stdout.write(summaryTable(s));
          for (const f of s.flags) process.stderr.write(`warning: ${f}\n`);
          for (const e of s.errors) process.stderr.write(`error [${e.code}] ${e.stream}: ${e.message}\n`);
          process.stderr.write(`run ${s.run_id}: ${s.status} in ${(s.duration_ms / 1000).toFixed(1)} s\n`);
        }
        reg.setExitCode(exitCodeForStatus(s.status));
      } finally {
        bar?.stop();
        process.off('SIGINT', stop);
      }
    });
}
