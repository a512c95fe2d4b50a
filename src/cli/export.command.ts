import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { SluiceError } from '../core/errors.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FORMATS, exportRecords, type ExportFormat } from '../store/record-export.js';
import { getStream } from '../store/stream-registry.js';
import type { CommandRegistry } from './command-context.js';

const STATUSES = ['active', 'removed', 'all'] as const;

export function registerExportCommand(reg: CommandRegistry): void {
  reg.program
    .command('export <stream>')
    .description('export a stream (streamed: any size) as CSV, JSON or NDJSON — the same format as the API export')
    .option('--format <format>', EXPORT_FORMATS.join(' | '), 'csv')
    .option('--status <status>', STATUSES.join(' | '), 'active')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--to-storage', 'write to the file storage (exports/<stream>/<time>.<format>) and print a signed download link')
    .action(async (name: string, o: { format: string; status: string; out?: string; toStorage?: boolean }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(o.format)) throw new SluiceError('bad_request', `--format must be ${EXPORT_FORMATS.join(', ')}`);
      if (!(STATUSES as readonly string[]).includes(o.status)) throw new SluiceError('bad_request', `--status must be ${STATUSES.join(', ')}`);
      const app = await reg.app();
      const stream = await getStream(app.db, name);
      let n = 0;
      const source = exportRecords(
        app.db,
        { streamId: stream.id, fields: stream.schema.fields, where: [], status: o.status as (typeof STATUSES)[number] },
        o.format as ExportFormat,
        new AbortController().signal,
        { onBatch: (k) => (n += k) },
      );
      if (o.toStorage) {
        const key = `exports/${stream.name}/${new Date().toISOString().replace(/[:.]/g, '-')}.${o.format}`;
        await app.storage.put(key, source, { contentType: EXPORT_CONTENT_TYPES[o.format as ExportFormat] });
        process.stdout.write(`${key}\n${app.links.sign(key).path}\n`);
      } else if (o.out) await pipeline(source, createWriteStream(o.out));
      else await pipeline(source, process.stdout, { end: false });
      process.stderr.write(`exported ${n} records from ${name}\n`);
    });
}
