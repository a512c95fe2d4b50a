import { createReadStream } from 'node:fs';
import { parse, type CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import type { SourceMessage } from '../../core/connector.js';
import type { CsvConfig } from './csv-config.js';

/**
 * Streams a CSV file as source messages: constant memory whatever the size. A row with the wrong number of
 * columns or broken quoting becomes an `invalid` message with its line number; the read goes on.
 */
export async function* readCsv(cfg: CsvConfig, header: readonly string[], signal: AbortSignal): AsyncGenerator<SourceMessage> {
  const input = createReadStream(cfg.path, { signal });
  const decoded = cfg.encoding === 'utf-8' || cfg.encoding === 'utf8' ? input : input.pipe(iconv.decodeStream(cfg.encoding));
  const skipped: SourceMessage[] = [];
  const parser = parse({
    delimiter: cfg.delimiter,
    quote: cfg.quote || false,
    bom: true,
    from_line: cfg.skip_lines + 2,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  parser.on('skip', (err: CsvError) => {
    skipped.push({
      type: 'invalid',
      raw: { text: (err as CsvError & { record?: unknown }).record ?? null },
      reasons: [`unparseable row: ${err.message}`],
      line: (err as CsvError & { lines?: number }).lines ?? undefined,
    });
  });
  decoded.pipe(parser);
  input.on('error', (e) => parser.destroy(e));
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    const { record, info } = item;
    if (record.length !== header.length) {
      yield {
        type: 'invalid',
        raw: { values: record },
        reasons: [`expected ${header.length} columns, found ${record.length}`],
        line: info.lines,
      };
      continue;
    }
    const data: Record<string, unknown> = {};
    header.forEach((h, i) => {
      data[h] = record[i];
    });
    yield { type: 'record', data, line: info.lines };
  }
  while (skipped.length) yield skipped.shift()!;
}
