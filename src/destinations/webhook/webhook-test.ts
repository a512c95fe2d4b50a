import { performance } from 'node:perf_hooks';
import type { CheckResult } from '../../core/connector.js';
import type { AppContext } from '../../main/app-context.js';
import type { LoadedDestination } from '../destination-store.js';
import type { WebhookConfig } from './webhook-config.js';
import { webhookClient } from './webhook-push.js';
import { signWebhook } from './webhook-signature.js';

/** One signed test delivery (no retries): the receiver's status and latency. */
export async function testWebhook(app: AppContext, dest: LoadedDestination): Promise<CheckResult> {
  const config = dest.settings as unknown as WebhookConfig;
  const body = JSON.stringify({ id: 'test', destination: dest.name, test: true, events: [] });
  const ts = Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await webhookClient(app, dest, config).request<string>({
    method: 'POST', path: config.url, body, expect: 'text', retry: false,
    acceptStatus: Array.from({ length: 500 }, (_, i) => i + 100),
    headers: { 'content-type': 'application/json', 'sluice-timestamp': String(ts), 'sluice-signature': signWebhook(config.secret, ts, body), 'sluice-delivery': 'test' },
  });
  const latency = Math.round(performance.now() - started);
  const ok = res.status >= 200 && res.status < 300;
  return { ok, message: `${config.url} answered ${res.status} in ${latency} ms`, details: { status: res.status, latency_ms: latency } };
}
