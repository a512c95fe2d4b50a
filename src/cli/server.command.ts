import { fileURLToPath } from 'node:url';
import { bootstrapAdmin } from '../auth/bootstrap-admin.js';
import { createServer } from '../api/create-server.js';
import { startJobRuntime, type JobRuntime } from '../jobs/start-job-runtime.js';
import { scheduleBackups } from '../backup/schedule-backups.js';
import { scheduleRetention } from '../store/apply-retention.js';

// The UI built by `npm install` lives in the package, wherever `sluice start` is run from.
const PACKAGE_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
import type { CommandRegistry } from './command-context.js';

interface ServeOptions {
  readonly port?: string;
  readonly host?: string;
  readonly web?: string;
  readonly worker: boolean;
}

/**
 * `sluice start`: API + web UI + scheduler + worker in one process (embedded database by default).
 * `sluice server`: API only (scale out behind a load balancer; run `sluice worker` separately). Both enqueue jobs.
 * SIGTERM/SIGINT: stop accepting connections, finish in-flight requests, hand running jobs back, close the database.
 */
async function serve(reg: CommandRegistry, mode: 'start' | 'server', o: ServeOptions): Promise<void> {
  const app = await reg.app();
  const config = app.config;
  const boot = await bootstrapAdmin(app.db, { adminEmail: config.server.adminEmail, adminPassword: config.server.adminPassword });
  const port = o.port !== undefined ? Number.parseInt(o.port, 10) : config.server.port;
  const host = o.host ?? config.server.host;
  const runtime: JobRuntime = await startJobRuntime(app, {
    worker: mode === 'start' && o.worker,
    scheduler: mode === 'start' && o.worker && config.jobs.scheduler,
  });
  const stopRetention = mode === 'start' ? scheduleRetention(app.db, config.retentionDays, app.logger) : () => undefined;
  const stopBackups = mode === 'start' ? scheduleBackups(app) : () => undefined;
  const server = await createServer(app, {
    jobs: runtime.queue,
    probes: { jobQueue: async () => {
      const h = await runtime.health();
      return { ok: h.ok, message: `${h.depth} job(s) waiting` };
    } },
    web: mode === 'start' ? { dir: o.web } : false,
  });
  const address = await server.listen({ port, host });
  const base = config.server.publicUrl ?? address;
  app.logger.info({ address, mode, database: app.db.kind, worker: mode === 'start' && o.worker }, 'sluice listening');
  if (boot.kind === 'created') app.logger.info({ email: boot.email }, 'created the admin user from SLUICE_ADMIN_EMAIL');
  if (boot.kind === 'setup') {
    // Printed once, to the terminal only: the token is stored hashed and expires in 24 h.
    process.stderr.write(
      `\nNo users yet. Create the first admin within 24 h:\n  curl -X POST ${base}/api/v1/auth/setup -H 'content-type: application/json' \\\n` +
        `    -d '{"token":"${boot.token}","email":"you@example.com","password":"at least 12 characters"}'\n` +
        `or set SLUICE_ADMIN_EMAIL and SLUICE_ADMIN_PASSWORD and restart.\n\n`,
    );
  }
  await new Promise<void>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      app.logger.info({ signal: sig }, 'shutting down');
      process.once(sig, () => process.exit(130));
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  stopRetention();
  stopBackups();
  await server.close();
  await runtime.stop();
  app.logger.info('stopped');
}

export function registerServerCommands(reg: CommandRegistry): void {
  reg.program
    .command('start')
    .description('run everything in one process: API, scheduler and worker (embedded database by default); serves the web UI from web/dist when it is built, a status page otherwise')
    .option('--port <port>', 'listen port (default SLUICE_PORT, 8080)')
    .option('--host <host>', 'listen address (default SLUICE_HOST)')
    .option('--web <dir>', 'folder of a built web UI to serve at / (when it exists)', PACKAGE_WEB_DIST)
    .option('--no-worker', 'do not run jobs or fire schedules in this process')
    .action((o: ServeOptions) => serve(reg, 'start', o));
  reg.program
    .command('server')
    .description('run the API only (jobs are enqueued for `sluice worker` processes)')
    .option('--port <port>', 'listen port (default SLUICE_PORT, 8080)')
    .option('--host <host>', 'listen address (default SLUICE_HOST)')
    .action((o: Omit<ServeOptions, 'worker' | 'web'>) => serve(reg, 'server', { ...o, worker: false }));
}
