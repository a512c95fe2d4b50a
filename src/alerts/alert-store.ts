import type { SqlExecutor } from '../store/database.js';
import type { AlertKind } from './alert-conditions.js';

export interface AlertRow {
  readonly id: number;
  readonly key: string;
  readonly kind: AlertKind;
  readonly subject: string;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly opened_at: Date;
  readonly resolved_at: Date | null;
  readonly notify_error: string | null;
}

const COLUMNS = 'id, key, kind, subject, message, details, opened_at, resolved_at, notify_error';

/** Alerts open now, newest first (the Overview, `sluice doctor`, `sluice alerts`). */
export async function listOpenAlerts(db: SqlExecutor): Promise<AlertRow[]> {
  return (await db.query<AlertRow>(`select ${COLUMNS} from alerts where resolved_at is null order by opened_at desc, id desc`)).rows;
}

/** Open and recently resolved alerts, newest first. */
export async function listAlerts(db: SqlExecutor, limit = 50): Promise<AlertRow[]> {
  return (await db.query<AlertRow>(`select ${COLUMNS} from alerts order by opened_at desc, id desc limit $1`, [limit])).rows;
}

export { COLUMNS as ALERT_COLUMNS };
