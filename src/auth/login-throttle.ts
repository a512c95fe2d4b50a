import type { SqlExecutor } from '../store/database.js';

/** Failures allowed before the first lock; then each further failure doubles the lock, up to the cap. */
export const FREE_FAILURES = 5;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 3_600_000;

/** Pure: how long an account stays locked after its n-th consecutive failure (0 when not locked). */
export function lockDurationMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_MS);
}

/** When the email is locked at `now`, the time it unlocks. */
export async function lockedUntil(db: SqlExecutor, email: string, now: Date): Promise<Date | undefined> {
  const { rows } = await db.query<{ locked_until: Date | null }>('select locked_until from login_throttle where email = $1', [email]);
  const until = rows[0]?.locked_until;
  return until && new Date(until) > now ? new Date(until) : undefined;
}

export async function recordFailure(db: SqlExecutor, email: string, now: Date): Promise<{ failures: number; lockedUntil?: Date }> {
  const { rows } = await db.query<{ failures: number }>(
    `insert into login_throttle (email, failures, last_failure_at) values ($1, 1, $2)
     on conflict (email) do update set failures = login_throttle.failures + 1, last_failure_at = $2
     returning failures`,
    [email, now],
  );
  const failures = rows[0]?.failures ?? 1;
  const ms = lockDurationMs(failures);
  if (ms === 0) return { failures };
  const until = new Date(now.getTime() + ms);
  await db.query('update login_throttle set locked_until = $2 where email = $1', [email, until]);
  return { failures, lockedUntil: until };
}

export async function clearFailures(db: SqlExecutor, email: string): Promise<void> {
  await db.query('delete from login_throttle where email = $1', [email]);
}
