import { nextOccurrence } from '../jobs/cron-occurrence.js';
import type { AppContext } from '../main/app-context.js';
import { takeBackup } from './take-backup.js';

/** Keeps the newest `keep` backups in the storage's `backups/` folder and deletes the older ones. */
export async function pruneBackups(app: AppContext, keep: number): Promise<string[]> {
  const all = (await app.storage.list('backups/')).filter((f) => /^backups\/sluice-.*\.ndjson\.gz$/.test(f.key));
  const old = all.slice(0, Math.max(0, all.length - keep));
  for (const f of old) await app.storage.delete(f.key);
  return old.map((f) => f.key);
}

/** One scheduled backup for `tick`, unless another process claimed that tick first; then the retention. */
export async function runScheduledBackup(app: AppContext, tick: Date, keep: number): Promise<string | undefined> {
  const { rows } = await app.db.query('insert into backup_ticks (tick) values ($1) on conflict do nothing returning tick', [tick]);
  if (rows.length === 0) return undefined;
  try {
    const r = await takeBackup(app, { to: 'storage' });
    await app.db.query('update backup_ticks set location = $2 where tick = $1', [tick, r.location]);
    const pruned = await pruneBackups(app, keep);
    app.logger.info({ location: r.location, pruned }, 'scheduled backup taken');
    return r.location;
  } catch (err) {
    await app.db.query('update backup_ticks set error = $2 where tick = $1', [tick, (err as Error).message]);
    throw err;
  }
}

/** Fires backups on `SLUICE_BACKUP_CRON` (in `SLUICE_TIMEZONE`) from processes that fire schedules. */
export function scheduleBackups(app: AppContext): () => void {
  const cron = app.config.backups.cron;
  if (!cron) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = (): void => {
    if (stopped) return;
    const tick = nextOccurrence(cron, app.config.timezone, new Date());
    // Long waits are re-armed in steps (timers hold at most ~24.8 days).
    timer = setTimeout(() => {
      if (Date.now() < tick.getTime()) return arm();
      runScheduledBackup(app, tick, app.config.backups.keep)
        .catch((err: unknown) => app.logger.warn({ err: (err as Error).message }, 'scheduled backup failed'))
        .finally(arm);
    }, Math.min(tick.getTime() - Date.now(), 2 ** 31 - 1));
    timer.unref();
  };
  arm();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
