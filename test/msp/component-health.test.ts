import { afterAll, beforeAll, expect, it } from 'vitest';
import { createNinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { startHarness, type Harness } from '../api/api-harness.js';

describeEachDatabase('per-component health', (kind) => {
  let h: Harness;
  let sandbox: Sandbox;
  beforeAll(async () => {
    h = await startHarness(kind);
    sandbox = await createSandbox({ seed: 3, simulators: [createUnifiSimulator({ sites: 2, devices: 4 }), createNinjaOneSimulator({ devices: 4, organizations: 1 }), new NotionSimulator({ rateLimit: false })] });
    await sandbox.listen(0);
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('/health/ready and /metrics report database, disk, memory and each upstream with its last latency', async () => {
    const call = (upstream: string, prefix: string, path: string) =>
      h.app.http({ upstream, baseUrl: sandbox.url(prefix), retries: 0 }).request({ path, acceptStatus: [401, 404] });
    await call('unifi-site-manager', 'unifi', '/v1/sites');
    await call('ninjaone', 'ninjaone', '/v2/organizations');
    sandbox.faults.set([{ prefix: 'notion', kind: 'error', status: 503 }]);
    await call('notion', 'notion', '/v1/users/me').catch(() => undefined);
    sandbox.faults.set([]);
    const ready = await h.server.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const comps = new Map(ready.json<{ components: { name: string; status: string; latency_ms: number; message?: string }[] }>().components.map((c) => [c.name, c]));
    for (const name of ['database', 'disk', 'memory', 'unifi', 'ninjaone', 'notion']) expect(comps.has(name), name).toBe(true);
    expect(comps.get('unifi')).toMatchObject({ status: 'ok', message: expect.stringMatching(/^last call 401, \d+ s ago$/) });
    expect(comps.get('notion')).toMatchObject({ status: 'degraded', message: expect.stringMatching(/^last call 503/) });
    expect(comps.get('memory')!.message).toMatch(/^RSS \d+ MB, heap \d+ of \d+ MB$/);
    expect(comps.get('ninjaone')!.latency_ms).toBeGreaterThan(0);
    const metrics = (await h.server.inject({ url: '/metrics' })).body;
    for (const c of ['database', 'memory', 'unifi', 'ninjaone', 'notion']) expect(metrics).toMatch(new RegExp(`sluice_component_check_duration_seconds\\{component="${c}"\\} [0-9.e-]+`));
    expect(metrics).toMatch(/sluice_component_healthy\{component="notion"\} 1/);
    expect(metrics).toMatch(/sluice_upstream_last_latency_seconds\{upstream="ninjaone"\} [0-9.e-]+/);
  });
});
