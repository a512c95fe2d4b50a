import type { Database } from './database.js';
import { DAY_MS } from '../core/day-ms.js';

export interface RetentionResult {
  readonly runLogsDeleted: number;
  readonly vacuumed: boolean;
}

/**
 * Bounded, automatic retention (DESIGN.md §3): run log lines older than `retentionDays` go; the change history,
 * records and quarantine are kept. Then the tables that churn are vacuumed so the data folder stops growing.
 */
export async function applyRetention(db: Database, retentionDays: number): Promise<RetentionResult> {
  const r = await db.query(`delete from run_logs where at < now() - ($1::int * interval '1 day')`, [retentionDays]);
  let vacuumed = true;
  try {
    // VACUUM cannot run inside a transaction block; each statement runs on its own here.
    for (const t of ['run_logs', 'records', 'outbox', 'runs']) await db.exec(`vacuum (analyze) ${t}`);
  } catch {
    vacuumed = false;
  }
  return { runLogsDeleted: r.rowCount, vacuumed };
}


/**
 * Runs retention once a day in a long-lived process that fires schedules (`sluice start`, `sluice worker`); the first
 * pass an hour after start, so a restart loop does not vacuum over and over. Returns a stop function.
 */
export function scheduleRetention(
  db: Database,
  retentionDays: number,
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): () => void {
  const run = () => {
    applyRetention(db, retentionDays)
      .then((r) => log.info({ ...r, retentionDays }, 'retention applied'))
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'retention failed; will try again tomorrow'));
  };
  let daily: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    run();
    daily = setInterval(run, DAY_MS);
    daily.unref();
  }, 3_600_000);
  first.unref();
  return () => {
    clearTimeout(first);
    if (daily) clearInterval(daily);
  };
}
