import { stringify } from 'csv-stringify/sync';
import { SluiceError } from '../core/errors.js';
import { getEntityRules } from '../resolve/entity-types.js';
import { iterateMembers, listEntities } from '../resolve/store/entity-queries.js';
import { resolveEntities } from '../resolve/store/resolve-entities.js';
import { printJson, printNdjson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

interface EntitiesOpts {
  query?: string;
  json?: boolean;
  members?: boolean;
  format?: string;
  limit: string;
  resolve?: boolean;
  rebuild?: boolean;
}

const MEMBER_COLUMNS = ['source', 'source_key', 'member_index', 'entity_id'] as const;

export function registerEntitiesCommand(reg: CommandRegistry): void {
  reg.program
    .command('entities <type>')
    .description('resolved entities (golden records) of a type, e.g. `sluice entities agent`')
    .option('--query <text>', 'only entities whose name, email, phone or team contains this')
    .option('--json', 'print JSON')
    .option('--limit <n>', 'at most this many entities', '100')
    .option('--members', 'one row per resolved occurrence (source, source_key, member_index, entity_id) instead')
    .option('--format <format>', 'with --members: csv, ndjson or table', 'csv')
    .option('--resolve', 're-resolve what changed before listing')
    .option('--rebuild', 're-resolve every record (full rebuild) before listing')
    .action(async (type: string, o: EntitiesOpts) => {
      const rules = getEntityRules(type);
      const app = await reg.app();
      if (o.resolve || o.rebuild) {
        const run = await resolveEntities(app.db, rules, { full: o.rebuild ?? false });
        process.stderr.write(`resolution run ${run.run_id} (${run.mode}): ${run.records_processed} record(s) resolved, ${run.new_entities} new entities\n`);
      }
      if (o.members) {
        const format = o.format ?? 'csv';
        if (!['csv', 'ndjson', 'table'].includes(format)) throw new SluiceError('bad_request', `unknown format "${format}" (csv, ndjson, table)`);
        let first = true;
        // A closed pipe (`| head`) ends the listing quietly instead of crashing the process.
        let closed = false;
        process.stdout.once('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'EPIPE') closed = true;
        });
        const table: Record<string, unknown>[] = [];
        for await (const m of iterateMembers(app.db, rules.type)) {
          if (closed) break;
          const row = { source: m.source, source_key: m.source_key, member_index: m.member_index ?? '', entity_id: m.entity_id ?? '' };
          if (format === 'csv') {
            process.stdout.write(stringify([row], { header: first, columns: [...MEMBER_COLUMNS] }));
            first = false;
          } else if (format === 'ndjson') printNdjson([row]);
          else table.push(row);
        }
        if (format === 'csv' && first) process.stdout.write(stringify([], { header: true, columns: [...MEMBER_COLUMNS] }));
        if (format === 'table') printTable(table, MEMBER_COLUMNS);
        return;
      }
      const rows = await listEntities(app.db, rules.type, { ...(o.query ? { query: o.query } : {}), limit: Number(o.limit) });
      if (o.json) printJson(rows);
      else {
        printTable(rows.map((e) => ({
          id: e.id, name: e.name, team: e.scope, emails: e.emails.join(', '), phones: e.phones.join(', '),
          members: e.member_count, confidence: e.confidence, tier: e.match_tier ?? '', review: e.needs_review ? 'yes' : '',
        })));
      }
    });
}
