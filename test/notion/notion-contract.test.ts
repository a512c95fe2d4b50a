import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HAS_SHARED, RECORDED_DIR } from '../support/shared.js';
import { notionFetch, startNotionSandbox, type NotionSandbox } from './notion-sandbox.js';

interface Interaction {
  request: { method: string; uri: string; body: string };
  response: { status: { code: number }; body: { string: string } };
}

/** Routes the simulator serves; recorded calls to other endpoints (blocks, property items) are not replayed. */
const SIMULATED = [
  /^POST \/v1\/(pages|databases|data_sources|search)$/,
  /^(GET|PATCH) \/v1\/(pages|databases|data_sources)\/[^/]+$/,
  /^POST \/v1\/data_sources\/[^/]+\/query$/,
  /^GET \/v1\/users\/me$/,
  /^GET \/v1\/invalid$/,
];

/** Field names and JSON types, recursively (arrays by their first item). */
function shape(v: unknown): unknown {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  return typeof v;
}

describe.skipIf(!HAS_SHARED)('Notion simulator against recorded responses (field names and types)', () => {
  let sb: NotionSandbox;
  beforeAll(async () => {
    sb = await startNotionSandbox();
  });
  afterAll(() => sb.close());

  let total = 0;
  const dir = join(RECORDED_DIR, 'notion');
  const files = HAS_SHARED ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  it.each(files)('%s', async (file) => {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { interactions: Interaction[] };
    const ids = new Map<string, string>(); // recorded id (no dashes) → simulator id
    const swap = (text: string) =>
      text.replace(/[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/g, (m) => ids.get(m.replace(/-/g, '')) ?? m);
    let compared = 0;
    for (const it of doc.interactions) {
      const url = new URL(it.request.uri);
      if (url.host !== 'api.notion.com') continue;
      const path = swap(url.pathname);
      if (!SIMULATED.some((re) => re.test(`${it.request.method} ${url.pathname}`))) continue;
      const body = it.request.body ? (JSON.parse(swap(it.request.body)) as unknown) : undefined;
      const res = await notionFetch(sb, it.request.method, path, body);
      const recorded = JSON.parse(it.response.body.string) as Record<string, unknown>;
      expect(res.status, `${it.request.method} ${url.pathname}`).toBe(it.response.status.code);
      expect(shape(res.body), `${it.request.method} ${url.pathname}`).toEqual(shape(recorded));
      compared += 1;
      // Learn the id mapping from created objects (and their first data source).
      if (typeof recorded.id === 'string' && typeof res.body.id === 'string') ids.set(recorded.id.replace(/-/g, ''), res.body.id);
      const rds = recorded.data_sources as { id: string }[] | undefined;
      const sds = res.body.data_sources as { id: string }[] | undefined;
      if (rds?.[0] && sds?.[0]) ids.set(rds[0].id.replace(/-/g, ''), sds[0].id);
    }
    total += compared;
  });
  it('replayed a meaningful share of the recorded calls', () => {
    expect(total).toBeGreaterThanOrEqual(30);
  });
});
