import type { ConstructorOptions, Db } from 'pg-boss';

type ListenHandle = Awaited<ReturnType<NonNullable<Db['listen']>>>;
import type { Database } from '../store/database.js';

/** pg-boss's schema; our listing SQL reads `<schema>.job`. */
export const BOSS_SCHEMA = 'pgboss';

export interface BossTuning {
  /** Run pg-boss's supervisor here (expiry, heartbeat failure, retention). Off for short-lived CLI calls. */
  readonly supervise: boolean;
  /** How often the supervisor fails expired / heart-stopped jobs; small in tests. */
  readonly superviseIntervalSeconds: number;
  /** Connections of pg-boss's own pool on PostgreSQL. */
  readonly poolMax: number;
  readonly instanceName: string;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * PGlite has one session, so pg-boss must go through `db.boss`, the port that takes the same lock as every Kysely
 * transaction (pg-boss's own `fromPglite` would interleave its statements with our open transactions). The port has
 * no LISTEN capability, so it is added here: LISTEN runs through the port (under the lock, never inside someone
 * else's transaction) and notifications come back through PGlite's session-wide callback.
 */
function pgliteDb(db: Database): Db {
  const pglite = db.pglite;
  const port = db.boss;
  const adapter: Db = {
    async executeSql(text: string, values?: unknown[]) {
      try {
        return await port.executeSql(text, values);
      } catch (err) {
        // A failed statement inside a BEGIN … COMMIT script leaves the single session in an aborted
        // transaction; end it so the next user of the session is not poisoned (pg-boss's fromPglite does the same).
        if (!values?.length && /\bbegin\b/i.test(text)) await port.executeSql('ROLLBACK').catch(() => undefined);
        throw err;
      }
    },
  };
  if (pglite) {
    adapter.listen = async (channel, onNotification, onReconnect): Promise<ListenHandle> => {
      const off = pglite.onNotification((ch, payload) => {
        if (ch === channel) onNotification(payload);
      });
      await port.executeSql(`LISTEN ${quoteIdent(channel)}`);
      onReconnect();
      return {
        close: async () => {
          off();
          await port.executeSql(`UNLISTEN ${quoteIdent(channel)}`).catch(() => undefined);
        },
      };
    };
  }
  return adapter;
}

/** One code path: the same options on both databases except how pg-boss reaches the database. */
export function bossOptions(db: Database, tuning: BossTuning): ConstructorOptions {
  const common: ConstructorOptions = {
    schema: BOSS_SCHEMA,
    migrate: true,
    // Schedules are ours (src/jobs/scheduler.ts): per-schedule time zones, a claimed-tick table and catch-up once.
    schedule: false,
    supervise: tuning.supervise,
    superviseIntervalSeconds: tuning.superviseIntervalSeconds,
    monitorIntervalSeconds: tuning.superviseIntervalSeconds,
    queueCacheIntervalSeconds: Math.max(1, Math.min(60, tuning.superviseIntervalSeconds)),
    useListenNotify: true,
    persistWarnings: false,
    instanceName: tuning.instanceName,
    openTelemetry: { enabled: false },
  };
  if (db.kind === 'postgres' && db.url) {
    // A pool of its own gives pg-boss a session-pinned LISTEN connection and keeps queue polling off the app pool.
    return { ...common, backend: 'postgres', connectionString: db.url, max: tuning.poolMax, application_name: tuning.instanceName };
  }
  if (db.kind === 'postgres') return { ...common, backend: 'postgres', db: { executeSql: (t, v) => db.boss.executeSql(t, v) } };
  return { ...common, backend: 'pglite', db: pgliteDb(db) };
}
