import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';

describeEachDatabase('packs API', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  }, 120_000);
  afterAll(async () => h?.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, role: 'admin' | 'operator' | 'viewer', payload?: unknown) =>
    h.server.inject({ method, url, headers: bearer(h.tokens[role]), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  it('lists and shows packs with their settings', async () => {
    const list = await call('GET', '/api/v1/packs', 'viewer');
    expect(list.statusCode).toBe(200);
    expect(list.json<{ items: { id: string; installed: unknown }[] }>().items).toContainEqual(expect.objectContaining({ id: 'unifi-channels', installed: null }));
    const show = await call('GET', '/api/v1/packs/unifi-channels', 'viewer');
    expect(show.statusCode).toBe(200);
    const keys = show.json<{ settings: { key: string; required: boolean }[] }>().settings.filter((s) => s.required).map((s) => s.key);
    expect(keys).toEqual(['notion.token', 'notion.parent_page_id']);
    expect((await call('GET', '/api/v1/packs/nope', 'viewer')).statusCode).toBe(404);
  });

  it('refuses bad settings with 400 listing every problem; only admins install', async () => {
    const bad = await call('POST', '/api/v1/packs/unifi-channels/install', 'admin', { settings: { 'ui.base_url': 'nope', 'x.y': '1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string; details: { problems: string[] } } }>().error.details.problems).toHaveLength(2);
    expect((await call('POST', '/api/v1/packs/unifi-channels/install', 'operator', { settings: {} })).statusCode).toBe(403);
  });

  it('installs (needs_credentials without Notion), reports status, refuses a run until credentials are given, uninstalls', async () => {
    const r = await call('POST', '/api/v1/packs/unifi-channels/install', 'admin', { settings: { 'ui.base_url': 'http://127.0.0.1:9/ui' } });
    expect(r.statusCode).toBe(200);
    expect(r.json<{ status: string; missing: string[] }>()).toMatchObject({ status: 'needs_credentials', missing: ['notion.parent_page_id', 'notion.token'] });
    const s = await call('GET', '/api/v1/packs/unifi-channels/status', 'viewer');
    expect(s.statusCode).toBe(200);
    expect(s.json<{ parts: { kind: string }[] }>().parts.map((p) => p.kind)).toContain('connection');
    const run = await call('POST', '/api/v1/packs/unifi-channels/run', 'operator');
    expect(run.statusCode).toBe(409);
    expect(run.json<{ error: { code: string } }>().error.code).toBe('pack_needs_credentials');
    const u = await call('DELETE', '/api/v1/packs/unifi-channels?keep_data=true', 'admin');
    expect(u.statusCode).toBe(200);
    expect(u.json<{ keptData: boolean }>().keptData).toBe(true);
    expect((await call('GET', '/api/v1/packs/unifi-channels/status', 'viewer')).statusCode).toBe(404);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await h.server.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/packs', '/api/v1/packs/{id}', '/api/v1/packs/{id}/install', '/api/v1/packs/{id}/status', '/api/v1/packs/{id}/run']));
  });
});
