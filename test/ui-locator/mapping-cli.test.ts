import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator } from '../../src/sandbox/ui/ui.simulator.js';

const BIN = fileURLToPath(new URL('../../bin/sluice', import.meta.url));
const run = promisify(execFile);

describe('sluice mapping refresh|list|stats', () => {
  let sb: Sandbox;
  let dir: string;
  beforeAll(async () => {
    sb = await createSandbox({ seed: 42, simulators: [createUiSimulator()] });
    await sb.listen(0);
    dir = mkdtempSync(join(tmpdir(), 'sluice-mapping-'));
  });
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sluice = async (...args: string[]) => {
    // Always the embedded database in a fresh folder, whatever the caller's environment points at.
    const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_HTTP_RETRIES: '0' };
    delete env.SLUICE_DATABASE_URL;
    const r = await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 });
    return r.stdout;
  };

  it('refreshes from the connection’s site, lists inactive pairs and prints stats as JSON', async () => {
    await sluice('connection', 'add', 'ui', '--connector', 'ui-distributor-locator', '--set', `base_url=${sb.url('ui')}`, '--set', 'min_interval_ms=0');
    // At step 1 the site's menu has one pair more than the fallback (af/BW) and one less (hidden for two steps).
    sb.clock.advance();
    const refreshed = JSON.parse(await sluice('mapping', 'refresh', '--json')) as Record<string, unknown>;
    expect(refreshed).toEqual({
      base_url: sb.url('ui'), ok: true, discovered: 131, added: ['af/BW'], deactivated: ['usa/OR'], reactivated: [], unchanged: 130,
    });
    const inactive = (await sluice('mapping', 'list', '--inactive', '--json')).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inactive).toHaveLength(1);
    expect(inactive[0]).toMatchObject({ region: 'usa', country_state: 'OR', name: null, active: false, source: 'fallback', times_reactivated: 0 });
    const stats = JSON.parse(await sluice('mapping', 'stats', '--json')) as Record<string, unknown>;
    expect(stats).toMatchObject({ total: 132, active: 131, inactive: 1, discovered: 1, never_confirmed: 1 });
    expect(stats.last_refresh).toMatchObject({ ok: true, discovered: 131 });
    // Four CLI processes, each starting tsx and opening the embedded database: slow on a busy two-core machine.
  }, 240_000);
});
