import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator, type UnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('unifi-site-manager full sync through the store', (kind) => {
  let sandbox: Sandbox;
  let sim: UnifiSimulator;
  let t: TestApp;
  beforeAll(async () => {
    // A smaller estate than the seed's keeps the store test lean; full-scale counts are read in unifi-connector.test.ts.
    sim = createUnifiSimulator({ sites: 30, devices: 150 });
    sandbox = await createSandbox({ seed: 42, simulators: [sim] });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  const changesOf = async (stream: string, runId: string) =>
    (await t.app.db.query<{ key: string; kind: string; fields: Record<string, { old: unknown; new: unknown }> | null }>(
      `select c.key, c.kind, c.fields from changes c join streams s on s.id = c.stream_id
       where s.name = $1 and c.run_id = $2 order by c.key`, [stream, runId])).rows;

  it('stores hosts, sites and devices, then records exactly the simulator\'s changes as created/updated/removed', async () => {
    await createConnection(t.app.db, t.app.secrets, {
      name: 'unifi',
      connector: 'unifi-site-manager',
      config: { ...(sim.credentials() as object), base_url: sandbox.url('unifi') },
    });
    const now = () => sandbox.clock.now();
    const first = await runSync(t.app, { connection: 'unifi', now });
    expect(first.status).toBe('succeeded');
    expect(first.streams.unifi_hosts).toMatchObject({ created: sim.fleet.hosts().length, quarantined: 0 });
    expect(first.streams.unifi_sites).toMatchObject({ created: 30, quarantined: 0 });
    expect(first.streams.unifi_devices).toMatchObject({ created: sim.fleet.devices().length, quarantined: 0 });

    const stored = new Map(sim.fleet.devices().map((d) => [d.body.id, { ...d.body }]));
    const step = sandbox.clock.step;
    sandbox.clock.advance({ steps: 2 });
    const second = await runSync(t.app, { connection: 'unifi', now });
    expect(second.status).toBe('succeeded');

    const log = sim.fleet.changes(step).filter((c) => c.entity === 'device');
    const current = new Map(sim.fleet.devices().map((d) => [d.body.id, d.body]));
    const created = [...current.keys()].filter((id) => !stored.has(id)).sort();
    const removed = [...stored.keys()].filter((id) => !current.has(id)).sort();
    const updated = [...current.keys()].filter((id) => stored.has(id) && JSON.stringify(stored.get(id)) !== JSON.stringify(current.get(id))).sort();
    // The simulator's own log names the same devices.
    expect(created).toEqual([...new Set(log.filter((c) => c.kind === 'created').map((c) => c.id))].filter((id) => current.has(id)).sort());
    expect(updated.every((id) => log.some((c) => c.id === id && c.kind === 'updated'))).toBe(true);

    expect(second.streams.unifi_devices).toMatchObject({ created: created.length, updated: updated.length, removed: removed.length });
    const rows = await changesOf('unifi_devices', second.run_id);
    expect(rows.filter((r) => r.kind === 'created').map((r) => r.key)).toEqual(created);
    expect(rows.filter((r) => r.kind === 'removed').map((r) => r.key)).toEqual(removed);
    expect(rows.filter((r) => r.kind === 'updated').map((r) => r.key)).toEqual(updated);
    // Field-level history: a firmware roll-out shows old and new version.
    const upgrade = log.find((c) => c.field === 'version' && current.get(c.id)?.version === c.to && stored.get(c.id)?.version === c.from);
    if (upgrade) {
      const row = rows.find((r) => r.key === upgrade.id)!;
      expect(row.fields?.version).toMatchObject({ old: upgrade.from, new: upgrade.to });
    }
    expect(updated.length).toBeGreaterThan(0);

    const third = await runSync(t.app, { connection: 'unifi', now });
    expect(third.streams.unifi_devices).toMatchObject({ created: 0, updated: 0, removed: 0 });
  });
});
