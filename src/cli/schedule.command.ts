import { listScheduleTicks, listSchedules, pauseSchedule, removeSchedule, resumeSchedule, setSchedule, type JobSchedule } from '../jobs/schedule-store.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

function row(s: JobSchedule): Record<string, unknown> {
  return { target: s.target, cron: s.cron, tz: s.timezone, paused: s.paused, last_tick: s.last_tick_at, next_due: s.next_due_at, source: s.source };
}

function out(s: JobSchedule, json: boolean | undefined, verb: string): void {
  if (json) printJson(s);
  else process.stderr.write(`schedule ${s.target} ${verb}${s.next_due_at ? `; next at ${s.next_due_at.toISOString()}` : ''}\n`);
}

/** `sluice schedule list|set|pause|resume|remove|ticks`: cron schedules stored in the database. */
export function registerScheduleCommand(reg: CommandRegistry): void {
  const sch = reg.program.command('schedule').description('cron schedules for syncs, pushes, resolution and model refreshes');

  sch
    .command('list')
    .description('every schedule with its next due time')
    .option('--json', 'print JSON lines')
    .action(async (o: { json?: boolean }) => {
      const list = await listSchedules((await reg.app()).db);
      if (o.json) for (const s of list) printJson(s);
      else printTable(list.map(row));
    });

  sch
    .command('set <target> <cron>')
    .description('create or replace: target sync:<connection>[/<stream>] | push:<destination> | resolve:<type> | model:<model>|*; cron has 5 fields (or 6 with seconds)')
    .option('--tz <zone>', 'IANA time zone the cron is read in (e.g. Europe/Paris)', 'UTC')
    .option('--paused', 'store it paused')
    .option('--json', 'print JSON')
    .action(async (target: string, cron: string, o: { tz: string; paused?: boolean; json?: boolean }) => {
      const s = await setSchedule((await reg.app()).db, { target, cron, timezone: o.tz, source: 'cli', paused: o.paused ?? false });
      out(s, o.json, 'set');
    });

  for (const [name, fn, verb] of [
    ['pause', pauseSchedule, 'paused'],
    ['resume', resumeSchedule, 'resumed'],
    ['remove', removeSchedule, 'removed'],
  ] as const) {
    sch
      .command(`${name} <target>`)
      .description(`${name} a schedule (by target or id)`)
      .option('--json', 'print JSON')
      .action(async (target: string, o: { json?: boolean }) => {
        out(await fn((await reg.app()).db, target), o.json, verb);
      });
  }

  sch
    .command('ticks [target]')
    .description('recent ticks: which occurrence fired, which process claimed it, which job ran it')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON lines')
    .action(async (target: string | undefined, o: { limit: string; json?: boolean }) => {
      const ticks = await listScheduleTicks((await reg.app()).db, target, Math.max(1, Number.parseInt(o.limit, 10) || 50));
      if (o.json) for (const t of ticks) printJson(t);
      else printTable(ticks.map((t) => ({ target: t.target, tick: t.tick_at, status: t.status, job: t.job_id, by: t.claimed_by })));
    });
}
