import type { CheckResult } from '../../core/connector.js';
import type { AppContext } from '../../main/app-context.js';
import { getStreamId } from '../destination-record-store.js';
import type { LoadedDestination } from '../destination-store.js';
import { NotionApi } from './notion-api.js';
import { notionStreamOf, type NotionConfig } from './notion-config.js';

/** Token, parent page and database reachable? */
export async function testNotion(app: AppContext, dest: LoadedDestination): Promise<CheckResult> {
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
