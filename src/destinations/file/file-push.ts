import { SluiceError } from '../../core/errors.js';
import type { CheckResult } from '../../core/connector.js';
import type { AppContext } from '../../main/app-context.js';
import { EXPORT_CONTENT_TYPES, exportRecords } from '../../store/record-export.js';
import { getStream } from '../../store/stream-registry.js';
import { emptyPlan, type PushSummary } from '../destination.js';
import type { LoadedDestination } from '../destination-store.js';
import type { FileConfig } from './file-config.js';

type Result = Omit<PushSummary, 'durationMs' | 'pushId'>;

/**
 * Writes one file per push when the stream changed since the last one (nothing changed: nothing written). The file is
 * named after the outbox range it covers, so a push retried after a crash rewrites the same file instead of adding a
 * second one; the cursor moves only after the file is stored.
 */
export async function pushFile(app: AppContext, dest: LoadedDestination, opts: { dryRun: boolean; signal?: AbortSignal | undefined }): Promise<Result> {
  const config = dest.settings as unknown as FileConfig;
  const stream = await getStream(app.db, config.stream);
  const { rows } = await app.db.query<{ cursor: string | null; up_to: string | null }>(
    `select (select outbox_id from destination_cursors where destination_id = $1 and stream_id = $2) as cursor,
            (select max(id) from outbox where stream_id = $2) as up_to`,
    [dest.id, stream.id],
  );
  const after = Number(rows[0]?.cursor ?? 0);
  const upTo = Number(rows[0]?.up_to ?? 0);
  const base = { destination: dest.name, kind: 'file' as const, dryRun: opts.dryRun, calls: 0, failed: 0, failures: [], cuts: 0 };
  if (upTo <= after) return { ...base, status: opts.dryRun ? 'planned' : 'succeeded', plan: emptyPlan(), pushed: 0 };
  const folder = config.folder ?? `exports/${dest.name}`;
  const key = `${folder}/${stream.name}-${config.mode}-${after + 1}-${upTo}.${config.format}`;
  const plan = { ...emptyPlan(), create: 1 };
  if (opts.dryRun) return { ...base, status: 'planned', plan, pushed: 0, items: [{ key, action: 'create' }] };
  let records = 0;
  const body = exportRecords(
    app.db,
    {
      streamId: stream.id, fields: stream.schema.fields, where: [],
      // Incremental files carry removals too (status `removed`); a full file is the active stream.
      ...(config.mode === 'incremental' ? { status: 'all' as const, changed: { after, upTo } } : { status: 'active' as const }),
    },
    config.format,
    opts.signal ?? new AbortController().signal,
    { onBatch: (n) => (records += n) },
  );
  await app.storage.put(key, body, { contentType: EXPORT_CONTENT_TYPES[config.format] });
  await app.db.query(
    `insert into destination_cursors (destination_id, stream_id, outbox_id) values ($1, $2, $3)
     on conflict (destination_id, stream_id) do update set outbox_id = excluded.outbox_id, updated_at = now()`,
    [dest.id, stream.id, upTo],
  );
  app.logger.info({ destination: dest.name, key, records }, 'file written');
  return { ...base, status: 'succeeded', plan, calls: 1, pushed: records, items: [{ key, action: 'create' }] };
}

/** The stream exists and the storage takes a file. */
export async function testFile(app: AppContext, dest: LoadedDestination): Promise<CheckResult> {
  const config = dest.settings as unknown as FileConfig;
  try {
    await getStream(app.db, config.stream);
  } catch {
    return { ok: false, message: `stream "${config.stream}" has no data yet (run a sync first)` };
  }
  const probe = `${config.folder ?? `exports/${dest.name}`}/sluice-write-test.tmp`;
  try {
    await app.storage.put(probe, 'ok');
    await app.storage.delete(probe);
  } catch (err) {
    throw new SluiceError('internal', `the file storage (${app.storage.location}) refused a write: ${(err as Error).message}`, { cause: err });
  }
  return { ok: true, message: `writes ${config.format} files of "${config.stream}" to ${app.storage.location}` };
}
