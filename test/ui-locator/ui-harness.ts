import { pino } from 'pino';
import { createHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import type { AppContext } from '../../src/main/app-context.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator, type UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { createConnection } from '../../src/store/connection-store.js';
import type { DatabaseKind } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

export interface UiHarness {
  readonly sandbox: Sandbox;
  readonly sim: UiSimulator;
  readonly baseUrl: string;
  readonly t: TestApp;
  /** The app with an HTTP layer whose backoff is short (retries still happen, tests stay quick). */
  readonly app: AppContext;
  addConnection(name?: string, config?: Record<string, unknown>, settings?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** The ui simulator alone in the sandbox composer on a random port, and a fresh store. */
export async function startUiHarness(kind: DatabaseKind, seed = 42): Promise<UiHarness> {
  const sim = createUiSimulator();
  const sandbox = await createSandbox({ seed, simulators: [sim] });
  await sandbox.listen(0);
  const baseUrl = sandbox.url('ui');
  const t = await createTestApp(kind, { SLUICE_HTTP_RETRIES: '2', SLUICE_HTTP_TIMEOUT_MS: '5000' });
  const http = createHttpClientFactory({
    config: t.app.config.http,
    logger: pino({ level: 'silent' }),
    backoff: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  const app: AppContext = { ...t.app, http };
  return {
    sandbox,
    sim,
    baseUrl,
    t,
    app,
    async addConnection(name = 'ui', config = {}, settings = {}) {
      await createConnection(t.app.db, t.app.secrets, {
        name,
        connector: 'ui-distributor-locator',
        config: { base_url: baseUrl, min_interval_ms: 0, ...config },
        settings,
      });
    },
    async close() {
      await http.close();
      await t.close();
      await sandbox.close();
    },
  };
}
