import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { createNinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('msp-dashboards pack end to end (sandbox)', (kind) => {
  let sandbox: Sandbox;
  let notion: NotionSimulator;
  let t: TestApp;
  beforeAll(async () => {
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    sandbox = await createSandbox({
      seed: 42,
      simulators: [createUnifiSimulator({ sites: 24, devices: 110 }), createNinjaOneSimulator({ devices: 80, organizations: 20 }), notion],
    });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  it('installs, runs and fills the four Notion databases', async () => {
    const base = sandbox.url('notion').replace(/\/notion$/, '');
    const inst = await installPack(t.app, 'msp-dashboards', { sandbox: { url: base, credentials: sandbox.credentials() } });
    expect(inst.status, JSON.stringify(inst)).toBe('installed');
    const now = () => sandbox.clock.now();
    const run = await runPack(t.app, 'msp-dashboards', { now });
    console.log(JSON.stringify(run.steps.map((s) => [s.kind, s.name, s.status, s.error])));
    expect(run.status).toBe('succeeded');
  });
});
