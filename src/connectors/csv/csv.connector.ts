import { accessSync, constants } from 'node:fs';
import type { SourceConnector, StreamDef } from '../../core/connector.js';
import { csvConfigSchema, type CsvConfig } from './csv-config.js';
import { csvStreamSchema, readHeader } from './csv-schema.js';
import { readCsv } from './read-csv.js';

/** A CSV file as one full-snapshot stream: streamed, any size, bad rows quarantined with their line numbers. */
export const csvConnector: SourceConnector<CsvConfig> = {
  manifest: {
    id: 'csv',
    name: 'CSV file',
    description: 'Reads a CSV file (any size, streamed) as one stream; each sync is a full snapshot of the file.',
    configSchema: csvConfigSchema,
    secrets: [],
    fields: [
      { name: 'path', label: 'File path', required: true },
      { name: 'stream', label: 'Stream name', required: true },
      { name: 'key', label: 'Key column(s)', required: true, description: 'comma-separated' },
      { name: 'delimiter', label: 'Delimiter' },
      { name: 'encoding', label: 'Encoding', description: 'utf-8 or latin1' },
      { name: 'columns', label: 'Header renames', description: 'Source:field,…' },
      { name: 'types', label: 'Field types', description: 'field:integer,field:email,…' },
    ],
  },
  async check(config) {
    try {
      accessSync(config.path, constants.R_OK);
    } catch {
      return { ok: false, message: `${config.path} does not exist or is not readable` };
    }
    try {
      const header = readHeader(config);
      const schema = csvStreamSchema(config, header);
      const names = new Set(schema.fields.map((f) => f.name));
      const missing = config.key.filter((k) => !names.has(k));
      if (missing.length) return { ok: false, message: `key column(s) not in the header: ${missing.join(', ')}`, details: { header } };
      return { ok: true, message: `${header.length} columns; key ${config.key.join(', ')}`, details: { header } };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  },
  streams(config): StreamDef<CsvConfig>[] {
    const header = readHeader(config);
    const schema = csvStreamSchema(config, header);
    return [
      {
        name: config.stream,
        primaryKey: config.key,
        schema,
        syncMode: 'full_snapshot',
        read: (ctx) => readCsv(ctx.config, header, ctx.signal),
      },
    ];
  },
};
