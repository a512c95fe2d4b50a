import type { PushSummary } from '../destinations/destination.js';
import { runPush } from '../destinations/run-push.js';
import { printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

export function formatPushSummary(s: PushSummary): string {
  const p = s.plan;
  const lines = [
    `${s.dryRun ? 'plan' : 'push'} ${s.destination} (${s.kind}): ${p.create} create, ${p.update} update, ${p.trash} trash, ${p.restore} restore, ${p.unchanged} unchanged`,
  ];
  if (s.dryRun) {
    for (const i of s.items ?? []) lines.push(`  ${i.action.padEnd(8)} ${i.key}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${s.status}: ${s.pushed} pushed, ${s.failed} failed, ${s.calls} calls, ${s.cuts} values cut, ${(s.durationMs / 1000).toFixed(1)} s`);
  if (s.pulled !== undefined) lines.push(`pulled back ${s.pulled} human edit(s)`);
  for (const f of s.failures.slice(0, 50)) lines.push(`  failed ${f.key} (${f.action}${f.status ? `, ${f.status}` : ''}): ${f.message}`);
  if (s.failures.length > 50) lines.push(`  … and ${s.failures.length - 50} more`);
  return `${lines.join('\n')}\n`;
}

export function registerPushCommand(reg: CommandRegistry): void {
  reg.program
    .command('push <destination>')
    .description('deliver pending changes to a destination (zero calls when nothing changed)')
    .option('--dry-run', 'print the plan (creates, updates, trashes, unchanged) without calling the destination')
    .option('--pull', 'Notion: also pull people’s edits of human-owned properties back')
    .option('--json', 'print the summary as JSON')
    .action(async (destination: string, o: { dryRun?: boolean; pull?: boolean; json?: boolean }) => {
      const app = await reg.app();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const s = await runPush(app, { destination, dryRun: o.dryRun ?? false, pull: o.pull ?? false, signal: controller.signal });
        if (o.json) printJson(s);
        else process.stdout.write(formatPushSummary(s));
        if (s.status === 'partial') reg.setExitCode(EXIT.partial);
      } finally {
        process.off('SIGINT', stop);
      }
    });
}
