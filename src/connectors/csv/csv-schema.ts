import { closeSync, openSync, readSync } from 'node:fs';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse/sync';
import { SluiceError } from '../../core/errors.js';
import type { FieldSpec, FieldType, StreamSchema } from '../../core/stream-schema.js';
import { parseFieldList, parsePairs, type CsvConfig } from './csv-config.js';

/** Reads only the header line(s) of a file — never the whole file. */
export function readHeader(cfg: CsvConfig): string[] {
  let fd: number;
  try {
    fd = openSync(cfg.path, 'r');
  } catch (err) {
    throw new SluiceError('source_read_failed', `cannot open ${cfg.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      cause: err,
      retryable: false,
    });
  }
  try {
    const buf = Buffer.alloc(256 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = iconv.decode(buf.subarray(0, n), cfg.encoding).replace(/^\uFEFF/, '');
    const rows: string[][] = parse(text, {
      delimiter: cfg.delimiter,
      quote: cfg.quote || false,
      from_line: cfg.skip_lines + 1,
      to_line: cfg.skip_lines + 1,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    });
    const header = rows[0];
    if (!header || header.length === 0) throw new SluiceError('source_read_failed', `${cfg.path} has no header line`, { retryable: false });
    return header.map((h) => h.trim());
  } finally {
    closeSync(fd);
  }
}

/** The stream schema: declared fields, or one string field per header column (with renames and type hints). */
export function csvStreamSchema(cfg: CsvConfig, header: readonly string[]): StreamSchema {
  const declared = parseFieldList(cfg.schema);
  if (declared) return { fields: declared };
  const renames = parsePairs(cfg.columns);
  const types = parsePairs(cfg.types);
  const fields: FieldSpec[] = header.map((h) => {
    const name = renames.get(h) ?? h;
    const type = (types.get(name) ?? types.get(h) ?? 'string') as FieldType;
    return { name, type, ...(name !== h ? { from: h } : {}), ...(cfg.key.includes(name) ? { required: true } : {}) };
  });
  return { fields };
}
