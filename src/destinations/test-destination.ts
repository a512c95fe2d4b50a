import type { CheckResult } from '../core/connector.js';
import { toSluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { getStreamId } from './destination-record-store.js';
import { loadDestination } from './destination-store.js';
import { NotionApi } from './notion/notion-api.js';
import { notionStreamOf, type NotionConfig } from './notion/notion-config.js';
import type { WebhookConfig } from './webhook/webhook-config.js';
import { webhookClient } from './webhook/webhook-push.js';
import { signWebhook } from './webhook/webhook-signature.js';

/** `sluice destination test`: can we reach it with these credentials? A result, never a throw. */
export async function testDestination(app: AppContext, name: string): Promise<CheckResult> {
  try {
    const dest = await loadDestination(app.db, app.secrets, name);
    if (dest.kind === 'notion') {
      const config = dest.settings as unknown as NotionConfig;
      const api = new NotionApi(app.http, config);
      const me = await api.call<{ name?: string; bot?: { workspace_name?: string } }>('GET', '/v1/users/me');
      if (!me.ok) return { ok: false, message: `Notion refused the token: ${me.message} (${me.code})` };
      const parent = await api.call('GET', `/v1/pages/${config.parent_page_id}`);
      if (!parent.ok) return { ok: false, message: `the parent page is not reachable: ${parent.message} (${parent.code})` };
      if (config.database_id) {
        const db = await api.call('GET', `/v1/databases/${config.database_id}`);
        if (!db.ok) return { ok: false, message: `database ${config.database_id} is not reachable: ${db.message} (${db.code})` };
      }
      const stream = await getStreamId(app.db, notionStreamOf(config));
      return {
        ok: true,
        message: `Notion workspace "${me.body.bot?.workspace_name ?? '?'}" reachable as ${me.body.name ?? 'integration'}${stream ? '' : `; stream "${notionStreamOf(config)}" has no data yet`}`,
        details: { calls: api.calls },
      };
    }
    const config = dest.settings as unknown as WebhookConfig;
    const body = JSON.stringify({ id: 'test', destination: name, test: true, events: [] });
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
  } catch (err) {
    const e = toSluiceError(err);
    return { ok: false, message: e.message, details: { code: e.code } };
  }
}
