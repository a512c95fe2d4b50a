import type { Database } from './database.js';

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
