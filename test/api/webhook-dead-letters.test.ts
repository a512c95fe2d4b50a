import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDestination } from '../../src/destinations/destination-store.js';
import { runPush } from '../../src/destinations/run-push.js';
import { describeEachDatabase } from '../support/databases.js';
import { seedStream, updateRecords } from '../destinations/push-fixture.js';
import { bearer, startHarness, type Harness } from './api-harness.js';

describeEachDatabase('webhook dead letters and redelivery over the API', (kind) => {
  let h: Harness;
  let receiver: Server;
  const bodies: string[] = [];
  /** Statuses to answer next (then 200). */
  const script: number[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.statusCode = script.shift() ?? 200;
        res.end(res.statusCode === 200 ? 'ok' : 'receiver down');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    h = await startHarness(kind);
    const id = await seedStream(h.app.db, 'sites', { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }] }, [{ id: 's1', name: 'One' }]);
    await createDestination(h.app.db, h.app.secrets, { name: 'ops-hook', kind: 'webhook', config: { url, secret: 'whsec_0123456789abcdef', streams: 'sites', max_attempts: 2, backoff_ms: 5 } });
    expect((await runPush(h.app, { destination: 'ops-hook' })).failed).toBe(0);
    await updateRecords(h.app.db, id, [{ key: 's1', set: { name: 'Uno' } }]);
    script.push(500, 502);
    expect((await runPush(h.app, { destination: 'ops-hook' })).failed).toBe(1);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await new Promise((r) => receiver.close(r));
  });

  const call = (method: 'GET' | 'POST', url: string, role: 'admin' | 'operator' | 'viewer' = 'operator', payload?: Record<string, unknown>) =>
    h.server.inject({ method, url, headers: bearer(h.tokens[role]), ...(payload === undefined ? {} : { payload }) });

  it('lists an open dead letter with the receiver’s failure, its events and attempts', async () => {
    const r = await call('GET', '/api/v1/webhooks/ops-hook/dead-letters', 'viewer');
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json<{ items: { batch_id: string; reason: string; events: number; attempts: number }[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ events: 1, attempts: 2 });
    expect(items[0]!.reason).toMatch(/502/);
  });

  it('refuses a viewer redelivery and names an unknown webhook, with stable codes', async () => {
    expect((await call('POST', '/api/v1/webhooks/ops-hook/redeliver', 'viewer', {})).json<{ error: { code: string } }>().error.code).toBe('forbidden');
    const missing = await call('GET', '/api/v1/webhooks/nope/dead-letters');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('not_found');
  });

  it('redelivers the dead batch (the same body), after which none is open; the audit log names it', async () => {
    const deadBody = bodies.at(-1);
    const r = await call('POST', '/api/v1/webhooks/ops-hook/redeliver', 'operator', {});
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ batches: 1, events: 1, failures: [] });
    expect(bodies.at(-1)).toBe(deadBody);
    const after = await call('GET', '/api/v1/webhooks/ops-hook/dead-letters');
    expect(after.json<{ items: unknown[] }>().items).toEqual([]);
    const audit = await h.app.db.query<{ target: string }>(`select target from audit_log where action = 'webhook.redeliver'`);
    expect(audit.rows.map((x) => x.target)).toEqual(['ops-hook']);
  });

  it('a redelivery that fails again comes back as a failure and stays dead-lettered', async () => {
    const id = (await h.app.db.query<{ id: number }>(`select id from streams where name = 'sites'`)).rows[0]!.id;
    await updateRecords(h.app.db, id, [{ key: 's1', set: { name: 'Eins' } }]);
    script.push(500, 500);
    await runPush(h.app, { destination: 'ops-hook' });
    script.push(503, 503);
    const r = await call('POST', '/api/v1/webhooks/ops-hook/redeliver', 'admin', {});
    expect(r.json<{ failures: { code: string }[] }>().failures.map((f) => f.code)).toEqual(['dead_lettered']);
    expect((await call('GET', '/api/v1/webhooks/ops-hook/dead-letters')).json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
