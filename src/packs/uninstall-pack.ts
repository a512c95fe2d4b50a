import { dropStreamRollups } from '../store/stream-rollups.js';
import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { removePart, type PartChange } from './apply-pack-parts.js';
import { removePackExtensions } from './pack-extensions.js';
import { getPack } from './pack-registry.js';
import { getPackRow, listResources } from './pack-state.js';

export interface UninstallResult {
  readonly pack: string;
  readonly keptData: boolean;
  readonly changes: readonly PartChange[];
  /** Streams whose records, history and views were dropped (none with keepData). */
  readonly droppedStreams: readonly string[];
}

/**
 * `sluice pack uninstall <id> [--keep-data]`: removes the schedules, destinations, connections, dashboards and models the
 * pack created. Without `--keep-data` the streams its connections fed (records, history, views) and its entity types'
 * resolution data go too; with it they stay queryable and a later install picks them up again.
 */
export async function uninstallPack(app: AppContext, id: string, opts: { keepData?: boolean } = {}): Promise<UninstallResult> {
  const spec = getPack(id);
  if (!(await getPackRow(app.db, id))) throw new SluiceError('not_found', `pack "${id}" is not installed`);
  const keepData = opts.keepData ?? false;
  const resources = await listResources(app.db, id);
  const conns = resources.filter((r) => r.kind === 'connection').map((r) => r.name);
  // The streams of the pack's connectors, unless a connection the pack did not create feeds the same connector's
  // streams (one stream, many connections): those stay. Found before the connections go.
  const { rows: fed } = await app.db.query<{ id: number; name: string; view_name: string | null }>(
    `select s.id, s.name, s.view_name from streams s
      where s.connector in (select connector from connections where name = any($1::text[]))
        and not exists (select 1 from connections c where c.connector = s.connector and not (c.name = any($1::text[])))`,
    [conns],
  );
  const changes: PartChange[] = [];
  for (const kind of ['schedule', 'destination', 'connection'] as const) {
    for (const r of resources.filter((x) => x.kind === kind)) {
      const removed = await removePart(app, kind, r.name);
      changes.push({ kind, part: r.part, name: r.name, action: removed ? 'removed' : 'unchanged' });
    }
  }
  changes.push(...(await removePackExtensions(app, spec, {
    models: resources.filter((r) => r.kind === 'model').map((r) => r.name),
    dashboards: resources.filter((r) => r.kind === 'dashboard').map((r) => r.name),
  }, keepData)));
  const dropped: string[] = [];
  await app.db.transaction(async (tx) => {
    // The pack's rollups go first: removed streams then cost their records' delete only; a later install rebuilds them.
    await dropStreamRollups(tx, `pack:${id}`);
    if (!keepData) {
      for (const s of fed) {
        if (s.view_name) await tx.query(`drop view if exists data."${s.view_name.replace(/"/g, '""')}"`);
        await tx.query('delete from outbox where stream_id = $1', [s.id]);
        await tx.query('delete from streams where id = $1', [s.id]);
        dropped.push(s.name);
      }
      for (const e of resources.filter((r) => r.kind === 'entity')) {
        for (const table of ['resolution_blocks', 'resolution_records', 'entities', 'resolution_reviews', 'resolution_decisions', 'resolution_runs']) {
          await tx.query(`delete from ${table} where entity_type = $1`, [e.name]);
        }
        changes.push({ kind: 'entity', part: e.part, name: e.name, action: 'removed' });
      }
    }
    await tx.query('delete from packs where id = $1', [id]);
  });
  app.logger.info({ pack: id, keepData, dropped }, 'pack uninstalled');
  return { pack: id, keptData: keepData, changes, droppedStreams: dropped.sort() };
}
