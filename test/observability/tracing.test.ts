import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServer } from '../../src/api/create-server.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/observability/logger.js';
import { withSpan } from '../../src/observability/with-span.js';
import { installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { createHooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

it('reads the OTLP endpoint from SLUICE_OTLP_ENDPOINT or the standard OTEL_ variables, and refuses a bad one', () => {
  expect(loadConfig({}).tracing.endpoint).toBeUndefined();
  expect(loadConfig({ SLUICE_OTLP_ENDPOINT: 'http://collector:4318' }).tracing.endpoint).toBe('http://collector:4318/v1/traces');
  expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' }).tracing.endpoint).toBe('http://c:4318/v1/traces');
  expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/custom' }).tracing.endpoint).toBe('http://c:4318/custom');
  expect(loadConfig({ SLUICE_OTLP_HEADERS: 'x-api-key=abc, tenant=t1' }).tracing.headers).toEqual({ 'x-api-key': 'abc', tenant: 't1' });
  expect(() => loadConfig({ SLUICE_OTLP_ENDPOINT: 'collector:4318', SLUICE_TRACE_SAMPLE_RATIO: '2', SLUICE_OTLP_HEADERS: 'nokey' }))
    .toThrow(/SLUICE_OTLP_ENDPOINT[\s\S]*SLUICE_OTLP_HEADERS[\s\S]*SLUICE_TRACE_SAMPLE_RATIO|SLUICE_OTLP_ENDPOINT[\s\S]*SLUICE_TRACE_SAMPLE_RATIO[\s\S]*SLUICE_OTLP_HEADERS/);
});

it('is a no-op when no endpoint is configured: spans do not record and log lines carry no trace id', async () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', pretty: false, destination: new Writable({ write: (c: Buffer, _e, cb) => { lines.push(c.toString()); cb(); } }) });
  const recording = await withSpan('noop', {}, async (span) => {
    logger.info('inside');
    return span.isRecording();
  });
  expect(recording).toBe(false);
  expect(JSON.parse(lines[0]!)).not.toHaveProperty('trace_id');
});

describeEachDatabase('traces over OTLP', (kind) => {
  let receiver: OtlpReceiver;
  let sandbox: Sandbox;
  let t: TestApp;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    sandbox = await createSandbox({ simulators: [new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 }), createUiSimulator(), createHooksSimulator()] });
    const url = await sandbox.listen(0);
    t = await createTestApp(kind, { SLUICE_OTLP_ENDPOINT: receiver.url, SLUICE_SERVICE_NAME: 'sluice-test' });
    expect(t.app.tracing.enabled).toBe(true);
    const r = await installPack(t.app, 'unifi-channels', { sandbox: { url, credentials: sandbox.credentials() } });
    expect(r.status).toBe('installed');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
    await receiver?.close();
  });

  const traceOf = (root: ReceivedSpan) => receiver.spans.filter((s) => s.traceId === root.traceId);

  it('puts the sync, model, push, upstream, Notion write and query spans of one pack run in ONE trace', async () => {
    const summary = await runPack(t.app, 'unifi-channels');
    expect(summary.status, JSON.stringify(summary.steps)).toBe('succeeded');
    await t.app.tracing.flush();
    const root = receiver.spans.find((s) => s.name === 'pack.run' && s.attributes['sluice.run_id'] === summary.run_id);
    expect(root, 'the pack.run span was exported').toBeDefined();
    expect(root!.parentSpanId ?? '').toBe('');
    expect(root!.service).toBe('sluice-test');
    const spans = traceOf(root!);
    const names = new Set(spans.map((s) => s.name));
    for (const n of ['sync', 'sync.stream', 'model', 'push', 'notion.write', 'db transaction']) expect(names, n).toContain(n);
    expect([...names].some((n) => n.startsWith('upstream ui-locator '))).toBe(true);
    expect([...names].some((n) => n.startsWith('upstream notion '))).toBe(true);
    expect([...names].some((n) => n.startsWith('db select'))).toBe(true);
    // Parents are real: every span but the root has its parent in the same trace, and syncs hang under the pack run.
    const ids = new Set(spans.map((s) => s.spanId));
    for (const s of spans.filter((x) => x !== root)) expect(ids.has(s.parentSpanId ?? ''), `${s.name} has its parent`).toBe(true);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const sync = spans.find((s) => s.name === 'sync')!;
    expect(sync.parentSpanId).toBe(root!.spanId);
    expect(sync.attributes['sluice.status']).toBe('succeeded');
    const upstream = spans.find((s) => s.name.startsWith('upstream ui-locator '))!;
    let p = byId.get(upstream.parentSpanId ?? '');
    while (p && p.name !== 'sync') p = byId.get(p.parentSpanId ?? '');
    expect(p?.spanId, 'an upstream call of the sync is inside the sync span').toBe(sync.spanId);
    expect(upstream.attributes['http.response.status_code']).toBe(200);
    expect(receiver.rejected).toBe(0);
  }, 180_000);

  it('names the trace in log lines and continues a caller’s traceparent through the HTTP server', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', pretty: false, destination: new Writable({ write: (c: Buffer, _e, cb) => { lines.push(c.toString()); cb(); } }) });
    const ids = await withSpan('logged', {}, async (span) => {
      logger.info('inside a span');
      return span.spanContext();
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ trace_id: ids.traceId, span_id: ids.spanId });

    const server = await createServer(t.app, { web: false });
    try {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const res = await server.inject({ method: 'GET', url: '/health/ready', headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
      expect(res.statusCode).toBe(200);
      await t.app.tracing.flush();
      const spans = receiver.spans.filter((s) => s.traceId === traceId);
      const serverSpan = spans.find((s) => s.name === 'GET /health/ready');
      expect(serverSpan?.parentSpanId).toBe('00f067aa0ba902b7');
      expect(serverSpan?.attributes['http.response.status_code']).toBe(200);
      expect(spans.some((s) => s.name.startsWith('db ') && s.parentSpanId === serverSpan?.spanId), 'the readiness query is a child').toBe(true);
    } finally {
      await server.close();
    }
    expect(trace.getActiveSpan()).toBeUndefined();
  }, 60_000);
});
