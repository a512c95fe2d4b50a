import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { SluiceError } from '../core/errors.js';
import { getStream } from '../store/stream-registry.js';
import { streamRecords } from '../store/stream-records.js';
import type { CommandRegistry } from './command-context.js';

async function write(out: Writable, chunk: string): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function registerExportCommand(reg: CommandRegistry): void {
  reg.program
    .command('export <stream>')
    .description('export a stream (streamed: any size) as CSV, JSON or NDJSON')
    .option('--format <format>', 'csv | json | ndjson', 'csv')
    .option('--status <status>', 'active | removed | all', 'active')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (name: string, o: { format: string; status: string; out?: string }) => {
      if (!['csv', 'json', 'ndjson'].includes(o.format)) throw new SluiceError('bad_request', '--format must be csv, json or ndjson');
      if (!['active', 'removed', 'all'].includes(o.status)) throw new SluiceError('bad_request', '--status must be active, removed or all');
      const app = await reg.app();
      const stream = await getStream(app.db, name);
      const out: Writable = o.out ? createWriteStream(o.out) : process.stdout;
      const fields = stream.schema.fields.map((f) => f.name);
      const rows = streamRecords(app.db, stream.id, { status: o.status as 'active' | 'removed' | 'all' });
      let n = 0;
      if (o.format === 'csv') {
        const csv = stringify({ header: true, columns: ['_key', '_status', ...fields], cast: { object: (v) => JSON.stringify(v), date: (d) => d.toISOString(), boolean: (b) => String(b) } });
        csv.pipe(out, { end: false });
        for await (const r of rows) {
          n++;
          if (!csv.write({ _key: r.key, _status: r.status, ...r.data })) await once(csv, 'drain');
        }
        csv.end();
        await once(csv, 'end');
      } else {
        if (o.format === 'json') await write(out, '[');
        for await (const r of rows) {
          const line = JSON.stringify({ _key: r.key, _status: r.status, ...r.data });
          await write(out, o.format === 'json' ? `${n ? ',' : ''}\n${line}` : `${line}\n`);
          n++;
        }
        if (o.format === 'json') await write(out, '\n]\n');
      }
      if (o.out) {
        out.end();
        await once(out, 'finish');
      }
      process.stderr.write(`exported ${n} records from ${name}\n`);
    });
}
