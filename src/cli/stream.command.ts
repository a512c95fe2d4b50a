import { declareStreamIndex, listStreamIndexes } from '../store/stream-indexes.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

/** `sluice stream indexes <stream>` and `sluice stream index <stream> <field…> [--sort field]`. */
export function registerStreamCommands(reg: CommandRegistry): void {
  const stream = reg.program.command('stream').description("a stream's indexes (the fields it filters and sorts on)");
  const print = (rows: Awaited<ReturnType<typeof listStreamIndexes>>, json: boolean | undefined) =>
    json
      ? printJson(rows)
      : printTable(rows.map((r) => ({ index: r.index_name, fields: r.fields.join(', '), sort: r.sort ?? '', source: r.source, state: r.state })), ['index', 'fields', 'sort', 'source', 'state']);
  stream
    .command('indexes <stream>')
    .description('indexes declared for a stream (by packs and stream settings) and whether each is built')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const app = await reg.app();
      print(await listStreamIndexes(app.db, name), o.json);
    });
  stream
    .command('index <stream> [fields...]')
    .description('declare an index on filter fields (and a --sort field) of a stream; built now (concurrently on PostgreSQL) or when the stream first syncs')
    .option('--sort <field>', 'the field pages are sorted on after the filters')
    .option('--json', 'print JSON')
    .action(async (name: string, fields: string[], o: { sort?: string; json?: boolean }) => {
      const app = await reg.app();
      const v = await declareStreamIndex(app.db, { stream: name, fields, sort: o.sort, source: 'settings' });
      print([v], o.json);
    });
}
