import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createNinjaOneSimulator, type NinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('ninjaone sync through the store', (kind) => {
  let sandbox: Sandbox;
  let sim: NinjaOneSimulator;
  let t: TestApp;
  beforeAll(async () => {
    // Smaller than the seed's 323 devices to keep the store test lean; full-scale counts are read in ninjaone-connector.test.ts.
    sim = createNinjaOneSimulator({ devices: 90, organizations: 15 });
    sandbox = await createSandbox({ seed: 42, simulators: [sim] });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  const keysOf = async (stream: string, runId: string, kindName: string) =>
    (await t.app.db.query<{ key: string }>(
      `select c.key from changes c join streams s on s.id = c.stream_id
       where s.name = $1 and c.run_id = $2 and c.kind = $3 order by c.key`, [stream, runId, kindName])).rows.map((r) => r.key);

  it('stores organizations, devices, alerts, activities; a cleared alert is removed; activities resume from the max id', async () => {
    await createConnection(t.app.db, t.app.secrets, {
      name: 'ninja',
      connector: 'ninjaone',
      config: { ...(sim.credentials() as object), base_url: sandbox.url('ninjaone') },
    });
    const now = () => sandbox.clock.now();
    const first = await runSync(t.app, { connection: 'ninja', now });
    expect(first.status).toBe('succeeded');
    expect(first.streams.ninjaone_organizations).toMatchObject({ created: 15, quarantined: 0 });
    expect(first.streams.ninjaone_devices).toMatchObject({ created: sim.estate.devices().length, quarantined: 0 });
    expect(first.streams.ninjaone_alerts).toMatchObject({ created: sim.estate.alerts().length, quarantined: 0 });
    expect(first.streams.ninjaone_activities).toMatchObject({ created: sim.estate.activities().length, quarantined: 0 });
    const maxId = Math.max(...sim.estate.activities().map((a) => a.body.id));
    const state = await t.app.db.query<{ state: unknown }>(
      "select st.state from stream_state st join streams s on s.id = st.stream_id where s.name = 'ninjaone_activities'");
    expect(state.rows[0]!.state).toEqual({ maxId });

    const alertsBefore = new Set(sim.estate.alerts().map((a) => a.uid));
    sandbox.clock.advance({ steps: 2 });
    const second = await runSync(t.app, { connection: 'ninja', now });
    expect(second.status).toBe('succeeded');
    const alertsNow = new Set(sim.estate.alerts().map((a) => a.uid));
    const opened = [...alertsNow].filter((u) => !alertsBefore.has(u)).sort();
    const cleared = [...alertsBefore].filter((u) => !alertsNow.has(u)).sort();
    expect(await keysOf('ninjaone_alerts', second.run_id, 'created')).toEqual(opened);
    expect(await keysOf('ninjaone_alerts', second.run_id, 'removed')).toEqual(cleared);
    expect(cleared.length).toBeGreaterThan(0);
    const newActivities = sim.estate.activities().filter((a) => a.body.id > maxId).length;
    expect(second.streams.ninjaone_activities).toMatchObject({ fetched: newActivities, created: newActivities, updated: 0 });
    // Check-ins (lastContact, lastUpdate) are volatile: only devices that went offline or came back are updated.
    const deviceLog = sim.estate.changes(0).filter((c) => c.entity === 'device' && c.kind === 'updated' && c.field === 'offline');
    expect(second.streams.ninjaone_devices!.updated).toBeLessThanOrEqual(new Set(deviceLog.map((c) => c.id)).size);
  });
});
