import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext } from '../../src/main/app-context.js';
import { evaluateAlerts } from '../../src/alerts/evaluate-alerts.js';
import { listOpenAlerts } from '../../src/alerts/alert-store.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createHooksSimulator, type HooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { SECRET_KEY, startHarness, type Harness } from '../api/api-harness.js';
import { describeEachDatabase } from '../support/databases.js';
import { createListConnector, type ListSource } from '../support/list-connector.js';
import { registerConnector } from '../../src/connectors/registry.js';

const source: ListSource = { items: [{ seq: 1, id: 'a', name: 'Ada' }], reads: 0 };
registerConnector(createListConnector('alertlist', source));

const bodyOf = (m: { body: unknown }) => m.body as { event: string; text: string; alert: { kind: string; subject: string; key: string } };

describeEachDatabase('alerts', (kind) => {
  let h: Harness;
  let sandbox: Sandbox;
  let hooks: HooksSimulator;
  const received = () => hooks.received().map((m) => ({ channel: m.channel, ...bodyOf(m) }));

  beforeAll(async () => {
    hooks = createHooksSimulator();
    sandbox = await createSandbox({ simulators: [hooks] });
    const url = await sandbox.listen(0);
    h = await startHarness(kind, {
      env: {
        SLUICE_ALERT_WEBHOOKS: `${url}/hooks/ops, ${url}/hooks/oncall`,
        SLUICE_ALERT_FAILURES: '2',
        SLUICE_ALERT_BREAKER_OPEN_SECONDS: '1',
        SLUICE_BREAKER_FAILURES: '1',
        SLUICE_HTTP_RETRIES: '0',
      },
    });
    source.failAfter = undefined;
    await createConnection(h.app.db, h.app.secrets, { name: 'people', connector: 'alertlist', config: { name: 'people' } });
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('succeeded');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  it('a connection that fails N times in a row alerts ONCE per webhook, however many workers evaluate, and recovers once', async () => {
    source.failAfter = 0; // the source breaks on every read from now on
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('failed');
    expect((await evaluateAlerts(h.app)).opened).toEqual([]); // one failure is not N = 2
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('failed');
    // Three workers evaluating at the same moment: one alert, one notification per webhook.
    const results = await Promise.all([0, 1, 2].map((i) => evaluateAlerts(h.app, { instance: `worker-${i}` })));
    expect(results.flatMap((r) => r.opened).map((a) => a.key)).toEqual(['connection_failing:people']);
    await evaluateAlerts(h.app);
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('failed'); // still failing: no repeat
    await evaluateAlerts(h.app);
    const opened = received().filter((m) => m.event === 'alert.opened');
    expect(opened.map((m) => m.channel).sort()).toEqual(['oncall', 'ops']);
    expect(opened[0]!.alert).toMatchObject({ kind: 'connection_failing', subject: 'people' });
    expect(opened[0]!.text).toMatch(/^Sluice alert: connection people failed 2 run\(s\) in a row/);

    // Shown on the Overview (the API the web UI's Overview page reads).
    const res = await h.server.inject({ method: 'GET', url: '/api/v1/overview', headers: { authorization: `Bearer ${h.tokens.viewer}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ alerts: { kind: string; subject: string }[] }>().alerts).toEqual([expect.objectContaining({ kind: 'connection_failing', subject: 'people' })]);

    source.failAfter = undefined;
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('succeeded');
    const cleared = await Promise.all([evaluateAlerts(h.app, { instance: 'a' }), evaluateAlerts(h.app, { instance: 'b' })]);
    expect(cleared.flatMap((r) => r.resolved).map((a) => a.key)).toEqual(['connection_failing:people']);
    await evaluateAlerts(h.app);
    const recovered = received().filter((m) => m.event === 'alert.recovered');
    expect(recovered.map((m) => m.channel).sort()).toEqual(['oncall', 'ops']);
    expect(recovered[0]!.text).toMatch(/^Sluice recovered: /);
    expect(await listOpenAlerts(h.app.db)).toEqual([]);
    expect(received()).toHaveLength(4);
  }, 120_000);

  it('a tripped removal guard and a failed model alert until a later run is clean', async () => {
    hooks.reset?.();
    // History as the pipeline writes it: the newest run of each decides.
    await h.app.db.query(
      `insert into runs (connection_id, connection_name, kind, status, full_refresh, trigger, flags, error, started_at, finished_at)
       values (null, 'model:companies', 'model', 'failed', true, 'test', '[]'::jsonb, '{"code":"model_invalid","message":"column x does not exist"}'::jsonb, now(), now()),
              (null, 'crm', 'sync', 'partial', false, 'test', '["people: mass_removal_guard: 90 of 100 records missing (over 50 %); nothing removed"]'::jsonb, null, now(), now())`,
    );
    const r = await evaluateAlerts(h.app);
    expect(r.opened.map((a) => [a.kind, a.subject]).sort()).toEqual([['model_failed', 'companies'], ['removal_guard', 'crm']]);
    expect(r.opened.find((a) => a.kind === 'removal_guard')?.message).toBe('the mass-removal guard tripped on crm: 90 of 100 records missing (over 50 %); nothing removed');
    expect(received().map((m) => m.event)).toEqual(['alert.opened', 'alert.opened', 'alert.opened', 'alert.opened']);
    await h.app.db.query(
      `insert into runs (connection_id, connection_name, kind, status, full_refresh, trigger, flags, started_at, finished_at)
       values (null, 'model:companies', 'model', 'succeeded', true, 'test', '[]'::jsonb, now() + interval '1 second', now()),
              (null, 'crm', 'sync', 'succeeded', false, 'test', '[]'::jsonb, now() + interval '1 second', now())`,
    );
    expect((await evaluateAlerts(h.app)).resolved).toHaveLength(2);
    expect(received().filter((m) => m.event === 'alert.recovered')).toHaveLength(4);
  }, 60_000);

  it('a breaker that stays open (reported by the process that holds it) alerts once it has been open long enough', async () => {
    hooks.reset?.();
    const dead = h.app.http({ upstream: 'dead-upstream', baseUrl: 'http://127.0.0.1:9' });
    await expect(dead.request({ path: '/x' })).rejects.toMatchObject({ code: 'upstream_unavailable' });
    expect(dead.breakerState()).toBe('open');
    expect((await evaluateAlerts(h.app)).opened).toEqual([]); // not open long enough yet
    await new Promise((r) => setTimeout(r, 1_200));
    const r = await evaluateAlerts(h.app);
    expect(r.opened.map((a) => a.key)).toEqual(['breaker_open:dead-upstream']);
    expect(received().map((m) => [m.channel, m.alert.key])).toEqual(expect.arrayContaining([['ops', 'breaker_open:dead-upstream'], ['oncall', 'breaker_open:dead-upstream']]));
    const doctorRows = await listOpenAlerts(h.app.db);
    expect(doctorRows.map((a) => a.kind)).toEqual(['breaker_open']);
  }, 60_000);

  it('a webhook that fails gets the notification again at the next evaluation, once', async () => {
    const bodies: { event: string; alert: { key: string } }[] = [];
    let calls = 0;
    const flaky = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls += 1;
        if (calls === 1) return void res.writeHead(500).end('down');
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof bodies)[number]);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    // A second process on the same database whose only webhook is the flaky one.
    const config = loadConfig({
      SLUICE_DATA_DIR: join(tmpdir(), 'sluice-alerts-second-process'), SLUICE_SECRET_KEY: SECRET_KEY, SLUICE_HTTP_RETRIES: '0',
      SLUICE_ALERT_WEBHOOKS: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/alerts`, SLUICE_ALERT_BREAKER_OPEN_SECONDS: '1',
    });
    const other = await createAppContext(config, { db: h.app.db, logger: pino({ level: 'silent' }), migrate: false });
    try {
      await h.app.db.query(
        `insert into runs (connection_id, connection_name, kind, status, full_refresh, trigger, flags, error, started_at, finished_at)
         values (null, 'model:flaky', 'model', 'failed', true, 'test', '[]'::jsonb, '{"code":"internal","message":"boom"}'::jsonb, now() + interval '2 seconds', now())`,
      );
      const first = await evaluateAlerts(other);
      expect(first.opened.map((a) => a.key)).toEqual(['model_failed:flaky']);
      expect(first.notifications).toEqual({ sent: 0, failed: 1 });
      const { rows } = await h.app.db.query<{ notify_error: string | null }>(`select notify_error from alerts where key = 'model_failed:flaky' and resolved_at is null`);
      expect(rows[0]?.notify_error).toMatch(/500/);
      const second = await evaluateAlerts(other);
      expect(second.notifications).toEqual({ sent: 1, failed: 0 });
      expect((await evaluateAlerts(other)).notifications).toEqual({ sent: 0, failed: 0 });
      expect(bodies.map((b) => [b.event, b.alert.key])).toEqual([['alert.opened', 'model_failed:flaky']]);
    } finally {
      await other.close();
      await new Promise<void>((r) => flaky.close(() => r()));
    }
  }, 60_000);
});
