import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { listDestinationsForStream, runPush } from '../../src/destinations/run-push.js';
import { loadDestination } from '../../src/destinations/destination-store.js';
import { redeliverWebhook } from '../../src/destinations/webhook/webhook-push.js';
import { verifyWebhookSignature } from '../../src/destinations/webhook/webhook-signature.js';
import { describeEachDatabase } from '../support/databases.js';
import { addDestination, createPushFixture, seedStream, updateRecords, writeChanges, type PushFixture } from './push-fixture.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

const SECRET = 'whsec_0123456789abcdef';
const schema: StreamSchema = { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }] };

describeEachDatabase('webhook destination', (kind) => {
  let f: PushFixture;
  let server: Server;
  let url = '';
  const received: Received[] = [];
  /** Statuses to answer next (then 200). */
  const script: number[] = [];
  let streamId: number;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = script.shift() ?? 200;
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/sluice`;
    f = await createPushFixture(kind);
    streamId = await seedStream(f.db, 'sites', schema, [{ id: 's1', name: 'One' }, { id: 's2', name: 'Two' }, { id: 's3', name: 'Three' }]);
    await seedStream(f.db, 'other', schema, [{ id: 'o1', name: 'Other' }]);
    await addDestination(f, 'ops-hook', 'webhook', { url, secret: SECRET, streams: 'sites', kinds: 'created,updated', batch_size: 2, max_attempts: 3, backoff_ms: 5 });
  });
  afterAll(async () => {
    await f.close();
    await new Promise((r) => server.close(r));
  });

  it('lists the destinations fed by a stream', async () => {
    expect(await listDestinationsForStream(f.db, 'sites')).toEqual(['ops-hook']);
    expect(await listDestinationsForStream(f.db, 'other')).toEqual([]);
  });

  it('delivers signed batches of structured change events', async () => {
    const s = await runPush(f.app, { destination: 'ops-hook' });
    expect(s).toMatchObject({ status: 'succeeded', pushed: 3, failed: 0, calls: 2 });
    expect(received).toHaveLength(2);
    const first = received[0]!;
    const v = verifyWebhookSignature(SECRET, { signature: first.headers['sluice-signature'] as string, timestamp: first.headers['sluice-timestamp'] as string }, first.body);
    expect(v).toEqual({ ok: true });
    expect(verifyWebhookSignature(SECRET, { signature: first.headers['sluice-signature'] as string, timestamp: first.headers['sluice-timestamp'] as string }, `${first.body} `).ok).toBe(false);
    const old = new Date(Date.now() + 3600_000);
    expect(verifyWebhookSignature(SECRET, { signature: first.headers['sluice-signature'] as string, timestamp: first.headers['sluice-timestamp'] as string }, first.body, { now: old })).toMatchObject({ ok: false, reason: expect.stringContaining('replay') as string });
    const payload = JSON.parse(first.body) as { events: { stream: string; key: string; kind: string; id: number; at: string }[] };
    expect(payload.events).toHaveLength(2);
    expect(payload.events[0]).toMatchObject({ stream: 'sites', key: 's1', kind: 'created' });
    // Nothing new: no request at all.
    const again = await runPush(f.app, { destination: 'ops-hook' });
    expect(again.calls).toBe(0);
    expect(received).toHaveLength(2);
  });

  it('retries with backoff, then dead-letters; redelivery sends the same batch', async () => {
    await updateRecords(f.db, streamId, [{ key: 's2', set: { name: 'Deux' } }]);
    script.push(500, 503);
    const ok = await runPush(f.app, { destination: 'ops-hook' });
    expect(ok).toMatchObject({ failed: 0, pushed: 1, calls: 3 });
    const event = (JSON.parse(received.at(-1)!.body) as { events: { fields: Record<string, { old: unknown; new: unknown }> }[] }).events[0]!;
    expect(event.fields.name).toMatchObject({ old: 'Two', new: 'Deux' });
    const log = await f.db.query<{ attempt: number; outcome: string; response_code: number; latency_ms: number }>(
      `select attempt, outcome, response_code, latency_ms from destination_deliveries order by id desc limit 3`);
    expect(log.rows.map((r) => r.response_code).reverse()).toEqual([500, 503, 200]);
    expect(log.rows.every((r) => r.latency_ms >= 0)).toBe(true);

    await updateRecords(f.db, streamId, [{ key: 's3', set: { name: 'Trois' } }]);
    script.push(500, 500, 500);
    const dead = await runPush(f.app, { destination: 'ops-hook' });
    expect(dead).toMatchObject({ status: 'partial', failed: 1, pushed: 0, calls: 3 });
    const dl = await f.db.query<{ batch_id: string }>(`select batch_id from destination_dead_letters where redelivered_at is null`);
    expect(dl.rows).toHaveLength(1);
    const deadBody = received.at(-1)!.body;
    const dest = await loadDestination(f.db, f.app.secrets, 'ops-hook');
    const r = await redeliverWebhook(f.app, dest, { deadLetters: true });
    expect(r).toMatchObject({ batches: 1, events: 1, failures: [] });
    expect(received.at(-1)!.body).toBe(deadBody);
    const open = await f.db.query(`select 1 from destination_dead_letters where redelivered_at is null`);
    expect(open.rows).toHaveLength(0);
  });

  it('filters by change kind: a removal is not sent to a created/updated subscription', async () => {
    const before = received.length;
    await writeChanges(f.db, streamId, [{ key: 's1', kind: 'removed', fields: null }]);
    const s = await runPush(f.app, { destination: 'ops-hook' });
    expect(s).toMatchObject({ calls: 0, pushed: 0 });
    expect(received).toHaveLength(before);
  });
});
