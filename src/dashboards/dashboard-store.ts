import { canonicalJson } from '../core/content-hash.js';
import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { parseDashboardSpec, type DashboardSpec, type DashboardSpecInput } from './dashboard-spec.js';
import type { DashboardSummary } from './dashboard-view.js';

export interface StoredDashboard {
  readonly id: string;
  readonly pack: string | null;
  readonly parent: string | null;
  readonly title: string;
  readonly spec: DashboardSpec;
  readonly position: number;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export interface SaveDashboardResult {
  readonly dashboard: StoredDashboard;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

const COLUMNS = 'id, pack, parent, title, spec, position, created_at, updated_at';

/**
 * Registers a dashboard (or upgrades its declaration). The declaration is validated (every problem listed); the
 * streams and fields it names are checked when it is evaluated, where a widget that does not fit carries its error
 * and the rest of the page still renders (a pack may declare a page before its first sync).
 */
export async function saveDashboard(db: SqlExecutor, input: DashboardSpecInput | DashboardSpec, opts: { pack?: string | undefined } = {}): Promise<SaveDashboardResult> {
  const spec = parseDashboardSpec(input);
  const { rows: prior } = await db.query<StoredDashboard>(`select ${COLUMNS} from dashboards where id = $1`, [spec.id]);
  const before = prior[0];
  const specJson = JSON.stringify(spec);
  const same = before !== undefined && canonicalJson(before.spec) === canonicalJson(spec) && before.pack === (opts.pack ?? null);
  const { rows } = await db.query<StoredDashboard>(
    `insert into dashboards (id, pack, parent, title, spec, position) values ($1, $2, $3, $4, $5::jsonb, $6)
     on conflict (id) do update set pack = excluded.pack, parent = excluded.parent, title = excluded.title,
       spec = excluded.spec, position = excluded.position,
       updated_at = case when dashboards.spec = excluded.spec and dashboards.pack is not distinct from excluded.pack then dashboards.updated_at else now() end
     returning ${COLUMNS}`,
    [spec.id, opts.pack ?? null, spec.parent ?? null, spec.title, specJson, spec.position],
  );
  return { dashboard: rows[0] as StoredDashboard, outcome: before ? (same ? 'unchanged' : 'updated') : 'created' };
}

/** Unregisters a dashboard; its sub-pages stay (they become top-level pages until their parent returns). */
export async function removeDashboard(db: SqlExecutor, id: string): Promise<void> {
  const r = await db.query('delete from dashboards where id = $1', [id]);
  if (r.rowCount === 0) throw new SluiceError('not_found', `no dashboard "${id}"`);
}

export async function getDashboard(db: SqlExecutor, id: string): Promise<StoredDashboard> {
  const { rows } = await db.query<StoredDashboard>(`select ${COLUMNS} from dashboards where id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no dashboard "${id}"`);
  return row;
}

export async function listDashboards(db: SqlExecutor, opts: { pack?: string } = {}): Promise<StoredDashboard[]> {
  const { rows } = await db.query<StoredDashboard>(
    `select ${COLUMNS} from dashboards where ($1::text is null or pack = $1) order by position, id`,
    [opts.pack ?? null],
  );
  return rows;
}

export function summaryOf(d: StoredDashboard): DashboardSummary {
  return {
    id: d.id,
    title: d.title,
    ...(d.spec.description ? { description: d.spec.description } : {}),
    ...(d.pack ? { pack: d.pack } : {}),
    ...(d.parent ? { parent: d.parent } : {}),
  };
}
