import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { NotionApi } from '../../src/destinations/notion/notion-api.js';
import { notionConfigSchema } from '../../src/destinations/notion/notion-config.js';
import { createHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createLogger } from '../../src/observability/logger.js';
import { notionFetch, startNotionSandbox, type NotionSandbox } from './notion-sandbox.js';

describe('Notion query cap and people editing as the clock steps', () => {
  let sb: NotionSandbox;
  let dsId: string;
  beforeAll(async () => {
    sb = await startNotionSandbox({ queryResultLimit: 5, humanEditsPerStep: 1, humanProperties: ['Notes'] });
    const db = await notionFetch(sb, 'POST', '/v1/databases', {
      parent: { type: 'page_id', page_id: sb.sim.credentials().parent_page_id }, title: [{ text: { content: 'Capped' } }],
      initial_data_source: { properties: { Name: { title: {} }, Notes: { rich_text: {} } } },
    });
    dsId = (db.body.data_sources as { id: string }[])[0]!.id;
    for (let i = 0; i < 12; i += 1) {
      if (i % 3 === 0) sb.clock.advance({ steps: 0, seconds: 120 });
      await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Name: { title: [{ text: { content: `p${i}` } }] } } });
    }
  });
  afterAll(() => sb.close());

  it('reports an incomplete query at the row cap, as Notion does', async () => {
    const first = await notionFetch(sb, 'POST', `/v1/data_sources/${dsId}/query`, { page_size: 100 });
    expect(first.body.results).toHaveLength(5);
    expect(first.body).toMatchObject({ has_more: false, request_status: { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' } });
  });

  it('the destination reads past the cap with created_time windows', async () => {
    const config = notionConfigSchema.parse({ token: sb.sim.credentials().token, parent_page_id: 'x', stream: 's', base_url: sb.baseUrl, rate_per_second: 500 });
    const http = createHttpClientFactory({ config: loadConfig({ SLUICE_LOG_LEVEL: 'silent' }).http, logger: createLogger({ level: 'silent', pretty: false }) });
    const api = new NotionApi(http, config);
    const all = await api.queryAll(dsId, undefined);
    expect(all.ok && all.body.map((p) => p.id).length).toBe(12);
    await http.close();
  });

  it('people edit human-owned properties as the clock steps', () => {
    const before = [...sb.sim.store.pages.values()].filter((p) => p.dataSourceId && sb.sim.store.plainProperties(p.id).Notes !== '').length;
    sb.clock.advance({ steps: 2 });
    const edited = [...sb.sim.store.pages.values()].filter((p) => p.dataSourceId && (sb.sim.store.plainProperties(p.id).Notes ?? '').startsWith('Reviewed at step'));
    expect(edited.length).toBeGreaterThan(before);
    expect(edited.every((p) => p.lastEditedBy !== p.createdBy)).toBe(true);
  });
});
