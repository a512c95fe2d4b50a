import { pipeline } from 'node:stream/promises';
import { SluiceError } from '../core/errors.js';
import { exportRecords } from '../store/record-export.js';
import { getStream } from '../store/stream-registry.js';
import { formatTable, printNdjson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { collectSet } from './parse-set-options.js';
import { DAY_MS } from '../core/day-ms.js';

const KINDS = ['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated'];

/** `runs`, `records`, `changes`, `quarantine`: reading what syncs stored. */
export function registerDataCommands(reg: CommandRegistry): void {
  reg.program
    .command('runs')
    .description('recent sync runs')
    .option('--limit <n>', 'how many', '20')
    .option('--connection <name>', 'only this connection')
    .option('--json', 'NDJSON')
    .action(async (o: { limit: string; connection?: string; json?: boolean }) => {
      const app = await reg.app();
      const { rows } = await app.db.query<Record<string, unknown>>(
        `select id as run_id, connection_name as connection, status, trigger, full_refresh, streams, flags, error, started_at, finished_at,
                extract(epoch from (coalesce(finished_at, now()) - started_at)) * 1000 as duration_ms
         from runs where ($2::text is null or connection_name = $2) order by started_at desc limit $1`,
        [Number(o.limit), o.connection ?? null],
      );
      if (o.json) printNdjson(rows.map((r) => ({ ...r, duration_ms: Math.round(Number(r.duration_ms)) })));
      else {
        process.stdout.write(formatTable(rows.map((r) => ({
          run_id: r.run_id, connection: r.connection, status: r.status, started: r.started_at,
          seconds: (Number(r.duration_ms) / 1000).toFixed(1),
          streams: Object.keys((r.streams as Record<string, unknown>) ?? {}).join(','),
        }))));
      }
    });

  reg.program
    .command('records <stream>')
    .description('query the current records of a stream')
    .option('--where <field=value>', 'filter on a field (repeatable)', collectSet, [])
    .option('--status <status>', 'active | removed | all', 'active')
    .option('--limit <n>', 'at most this many', '100')
    .option('--format <format>', 'table | json | csv', 'table')
    .option('--json', 'same as --format json (NDJSON)')
    .action(async (streamName: string, o: { where: string[]; status: string; limit: string; format: string; json?: boolean }) => {
      const app = await reg.app();
      const stream = await getStream(app.db, streamName);
      const params: unknown[] = [stream.id];
      const conds = ['stream_id = $1'];
      if (o.status !== 'all') {
        params.push(o.status);
        conds.push(`status = $${params.length}`);
      }
      for (const w of o.where) {
        const i = w.indexOf('=');
        if (i <= 0) throw new SluiceError('bad_request', `--where ${w}: expected field=value`);
        params.push(w.slice(0, i), w.slice(i + 1));
        conds.push(`data ->> $${params.length - 1} = $${params.length}`);
      }
      params.push(Number(o.limit));
      const { rows } = await app.db.query<{ key: string; status: string; data: Record<string, unknown> }>(
        `select key, status, data from records where ${conds.join(' and ')} order by key limit $${params.length}`,
        params,
      );
      const format = o.json ? 'json' : o.format;
      const fields = stream.schema.fields.map((f) => f.name);
      const flat = rows.map((r) => ({ _key: r.key, ...(o.status === 'all' ? { _status: r.status } : {}), ...r.data }));
      if (format === 'json') printNdjson(flat);
      else if (format === 'csv') {
        // The export format and writer (`sluice export`, the API): key, status, fields, updated_at.
        const where = o.where.map((w) => `${w.slice(0, w.indexOf('='))}:eq:${w.slice(w.indexOf('=') + 1)}`);
        const status = o.status as 'active' | 'removed' | 'all';
        const csv = exportRecords(app.db, { streamId: stream.id, fields: stream.schema.fields, where, status }, 'csv', new AbortController().signal, { maxRows: Number(o.limit) });
        await pipeline(csv, process.stdout, { end: false });
      }
      else if (format === 'table') process.stdout.write(flat.length ? formatTable(flat, ['_key', ...fields.slice(0, 8)]) : '(no rows)\n');
      else throw new SluiceError('bad_request', `--format must be table, json or csv (got ${format})`);
    });

  reg.program
    .command('changes')
    .description('the change history, newest last')
    .option('--stream <name>', 'only this stream')
    .option('--since <iso>', 'only changes at or after this time')
    .option('--days <n>', 'only the last N days')
    .option('--kind <kind>', `only this kind: ${KINDS.join(', ')}`)
    .option('--key <key>', 'only this record')
    .option('--limit <n>', 'at most this many (newest)', '1000')
    .option('--json', 'NDJSON: run_id, stream, key, kind, fields, at')
    .action(async (o: { stream?: string; since?: string; days?: string; kind?: string; key?: string; limit: string; json?: boolean }) => {
      const app = await reg.app();
      if (o.kind && !KINDS.includes(o.kind)) throw new SluiceError('bad_request', `--kind must be one of ${KINDS.join(', ')}`);
      let since: Date | null = null;
      if (o.since) {
        since = new Date(o.since);
        if (Number.isNaN(since.getTime())) throw new SluiceError('bad_request', `--since ${o.since} is not an ISO date`);
      } else if (o.days) since = new Date(Date.now() - Number(o.days) * DAY_MS);
      const { rows } = await app.db.query<{ run_id: string | null; stream: string; key: string; kind: string; fields: unknown; at: Date }>(
        `select * from (
           select c.id, c.run_id, s.name as stream, c.key, c.kind, c.fields, c.at from changes c join streams s on s.id = c.stream_id
           where ($1::text is null or s.name = $1) and ($2::timestamptz is null or c.at >= $2)
             and ($3::text is null or c.kind = $3) and ($4::text is null or c.key = $4)
           order by c.id desc limit $5) x order by id`,
        [o.stream ?? null, since, o.kind ?? null, o.key ?? null, Number(o.limit)],
      );
      const out = rows.map((r) => ({ run_id: r.run_id, stream: r.stream, key: r.key, kind: r.kind, fields: r.fields ?? {}, at: r.at }));
      if (o.json) printNdjson(out);
      else {
        process.stdout.write(formatTable(out.map((r) => ({
          at: r.at, stream: r.stream, key: r.key, kind: r.kind,
          fields: Object.entries(r.fields as Record<string, { old: unknown; new: unknown }>)
            .map(([p, v]) => `${p}: ${JSON.stringify(v.old)} → ${JSON.stringify(v.new)}`).join('; '),
        })), undefined, 90));
      }
    });

  reg.program
    .command('quarantine <stream>')
    .description('records that failed validation, with their reasons and raw payload')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'NDJSON')
    .action(async (streamName: string, o: { limit: string; json?: boolean }) => {
      const app = await reg.app();
      const stream = await getStream(app.db, streamName);
      const { rows } = await app.db.query<Record<string, unknown>>(
        `select id, run_id, line, position, reasons, raw, at from quarantine where stream_id = $1 order by id desc limit $2`,
        [stream.id, Number(o.limit)],
      );
      if (o.json) printNdjson(rows);
      else process.stdout.write(formatTable(rows.map((r) => ({ line: r.line ?? r.position, reasons: (r.reasons as string[]).join('; '), raw: r.raw, at: r.at })), undefined, 70));
    });
}

