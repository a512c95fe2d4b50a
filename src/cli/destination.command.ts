import { SluiceError } from '../core/errors.js';
import { isDestinationKind, listDestinationManifests } from '../destinations/destination-registry.js';
import { createDestination, destinationView, listDestinationRows, loadDestination } from '../destinations/destination-store.js';
import { testDestination } from '../destinations/test-destination.js';
import { redeliverWebhook } from '../destinations/webhook/webhook-push.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';
import { collectSet, parseSetOptions } from './parse-set-options.js';

export function registerDestinationCommands(reg: CommandRegistry): void {
  const cmd = reg.program.command('destination').description('manage destinations (Notion databases, webhooks, files)');

  cmd
    .command('add <name>')
    .description('add a destination (config validated; secrets encrypted at rest)')
    .requiredOption('--destination <kind>', listDestinationManifests().map((m) => m.kind).join(' | '))
    .option('--set <key=value>', 'a config value (repeatable; value @FILE reads a file)', collectSet, [])
    .option('--config-file <file>', 'config as a JSON object')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { destination: string; set: string[]; configFile?: string; json?: boolean }) => {
      if (!isDestinationKind(o.destination)) throw new SluiceError('bad_request', `--destination must be ${listDestinationManifests().map((m) => m.kind).join(', ')}, not "${o.destination}"`);
      const app = await reg.app();
      const row = await createDestination(app.db, app.secrets, { name, kind: o.destination, config: parseSetOptions(o.set, o.configFile) });
      if (o.json) printJson(destinationView(row));
      else process.stderr.write(`destination "${row.name}" added (${row.kind})\n`);
    });

  cmd
    .command('list')
    .description('list destinations with their last push')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const rows = await listDestinationRows(app.db);
      const { rows: last } = await app.db.query<{ destination_id: string; status: string; finished_at: Date | null }>(
        `select distinct on (destination_id) destination_id, status, finished_at from destination_pushes
          where not dry_run order by destination_id, started_at desc`,
      );
      const lastBy = new Map(last.map((l) => [l.destination_id, l]));
      const views = rows.map((r) => ({ ...destinationView(r), last_push: lastBy.get(r.id) ?? null }));
      if (o.json) printJson(views);
      else {
        printTable(views.map((v) => {
          const c = v.config;
          return { name: v.name, kind: v.kind, feeds: c.stream ?? c.model ?? c.streams ?? '(all streams)', last_push: v.last_push?.status ?? '-', at: v.last_push?.finished_at ?? '' };
        }));
      }
    });

  cmd
    .command('test <name>')
    .description('check that the destination is reachable with its credentials')
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const app = await reg.app();
      const r = await testDestination(app, name);
      if (o.json) printJson(r);
      else process.stderr.write(`${r.ok ? 'ok' : 'FAILED'}: ${r.message}\n`);
      if (!r.ok) reg.setExitCode(EXIT.failure);
    });

  reg.program
    .command('webhook')
    .description('webhook deliveries')
    .command('redeliver <name>')
    .description('re-send dead-lettered batches (default) or one batch by id')
    .option('--dead-letters', 're-send every open dead letter (the default)')
    .option('--batch <id>', 're-send one batch (delivered or not) by its id')
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { deadLetters?: boolean; batch?: string; json?: boolean }) => {
      const app = await reg.app();
      const dest = await loadDestination(app.db, app.secrets, name);
      if (dest.kind !== 'webhook') throw new SluiceError('bad_request', `destination "${name}" is not a webhook`);
      const r = await redeliverWebhook(app, dest, o.batch ? { batchId: o.batch } : { deadLetters: true });
      if (o.json) printJson(r);
      else {
        process.stderr.write(`redelivered ${r.batches} batch(es): ${r.events} events delivered in ${r.calls} requests, ${r.failures.length} dead-lettered again\n`);
        for (const f of r.failures) process.stderr.write(`  ${f.key}: ${f.message}\n`);
      }
      if (r.failures.length > 0) reg.setExitCode(EXIT.partial);
    });
}
