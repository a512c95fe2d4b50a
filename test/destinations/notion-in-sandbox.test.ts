import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { runPush } from '../../src/destinations/run-push.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { addDestination, createPushFixture, seedStream, updateRecords, type PushFixture } from './push-fixture.js';

const schema: StreamSchema = { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'count', type: 'integer' }] };

describeEachDatabase('Notion destination in the composed sandbox (generic faults)', (kind) => {
  let f: PushFixture;
  let sandbox: Sandbox;
  let sim: NotionSimulator;
  let streamId: number;
  beforeAll(async () => {
    sim = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    sandbox = await createSandbox({ simulators: [sim] });
    await sandbox.listen(0);
    f = await createPushFixture(kind);
    streamId = await seedStream(f.db, 'things', schema, Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, name: `Thing ${i}`, count: i })));
    const c = sim.credentials();
    await addDestination(f, 'things-notion', 'notion', { token: c.token, parent_page_id: c.parent_page_id, stream: 'things', base_url: sandbox.url('notion'), rate_per_second: 200 });
  });
  afterAll(async () => {
    await f.close();
    await sandbox.close();
  });

  it('pushes through a 429 storm and 5xx from the sandbox fault switches without failing or duplicating', async () => {
    sandbox.faults.set([
      { prefix: 'notion', kind: 'rate_limit', retryAfter: 0, count: 3 },
      { prefix: 'notion', kind: 'error', status: 502, method: 'POST', path: '/v1/pages', count: 1 },
    ]);
    const s = await runPush(f.app, { destination: 'things-notion' });
    expect(s).toMatchObject({ failed: 0, pushed: 6 });
    const pages = [...sim.store.pages.values()].filter((p) => p.dataSourceId);
    expect(new Set(pages.map((p) => sim.store.plainProperties(p.id)['Sluice Key'])).size).toBe(pages.length);
    expect(pages).toHaveLength(6);
  });

  it('a sandbox 409 on an update is retried', async () => {
    sandbox.faults.set({ prefix: 'notion', kind: 'conflict', method: 'PATCH', count: 2 });
    await updateRecords(f.db, streamId, [{ key: 't1', set: { count: 100 } }]);
    const s = await runPush(f.app, { destination: 'things-notion' });
    expect(s).toMatchObject({ failed: 0, pushed: 1 });
    const page = [...sim.store.pages.values()].find((p) => p.dataSourceId && sim.store.plainProperties(p.id)['Sluice Key'] === 't1')!;
    expect(sim.store.plainProperties(page.id).count).toBe('100');
  });
});
