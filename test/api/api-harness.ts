import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createServer, type CreateServerOptions, type SluiceServer } from '../../src/api/create-server.js';
import type { Role } from '../../src/auth/permissions.js';
import { createUser } from '../../src/auth/user-store.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startJobRuntime } from '../../src/jobs/start-job-runtime.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { createLogger } from '../../src/observability/logger.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../support/databases.js';

export const PASSWORD = 'correct horse battery staple';
export const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Harness {
  readonly server: SluiceServer;
  readonly app: AppContext;
  readonly tdb: TestDatabase;
  /** Every log line the server wrote (secret scans). */
  readonly logs: string[];
  /** Access tokens per role (users admin@, operator@, viewer@example.com). */
  readonly tokens: Record<Role, string>;
  readonly clock: { now: Date };
  close(): Promise<void>;
}

export async function startHarness(
  kind: DatabaseKind,
  opts: { env?: Record<string, string>; server?: Partial<CreateServerOptions>; jobQueue?: boolean } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-api-'));
  const tdb = await createTestDatabase(kind);
  const config = loadConfig({
    SLUICE_DATA_DIR: dir,
    SLUICE_LOG_LEVEL: 'debug',
    SLUICE_LOG_PRETTY: 'false',
    SLUICE_SECRET_KEY: SECRET_KEY,
    SLUICE_RATE_LIMIT_PER_MINUTE: '100000',
    SLUICE_HEALTH_DISK_MIN_MB: '0',
    ...opts.env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', pretty: false, destination: sink });
  const app = await createAppContext(config, { db: tdb.db, logger, migrate: false });
  const clock = { now: new Date() };
  // A job queue client (no worker, no scheduler): jobs stay queued where tests can see them.
  const runtime = opts.jobQueue ? await startJobRuntime(app, { worker: false, scheduler: false }) : undefined;
  const server = await createServer(app, {
    now: () => clock.now,
    rateLimitKeyPrefix: `t${Date.now()}`,
    ...(runtime ? { jobs: runtime.queue } : {}),
    ...opts.server,
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'operator', 'viewer'] as const) {
    await createUser(tdb.db, { email: `${role}@example.com`, password: PASSWORD, role });
    tokens[role] = await login(server, `${role}@example.com`);
  }
  return {
    server,
    app,
    tdb,
    logs,
    tokens,
    clock,
    async close() {
      await server.close();
      await runtime?.stop();
      await app.close();
      await tdb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function login(server: SluiceServer, email: string, password = PASSWORD): Promise<string> {
  const r = await server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (r.statusCode !== 200) throw new Error(`login ${email}: ${r.statusCode} ${r.body}`);
  return r.json<{ access_token: string }>().access_token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
