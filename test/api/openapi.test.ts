import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { needsRule } from '../../src/api/access-control.js';
import { registerConnector } from '../../src/connectors/registry.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';
import { createSecretConnector, SECRET_VALUE } from './secret-connector.js';
import { seedCompanies } from './seed-records.js';

registerConnector(createSecretConnector());

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: object }> }> }>>;
}

const toOpenApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describeEachDatabase('OpenAPI document', (kind) => {
  let h: Harness;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    h = await startHarness(kind);
    await seedCompanies(h.app.db, 20);
    doc = (await h.server.inject({ url: '/api/v1/openapi.json' })).json<OpenApiDoc>();
  });
  afterAll(async () => h?.close());

  it('is OpenAPI 3.1 and lists every API route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const missing = h.server.routeTable
      .filter((r) => needsRule(r.url) && r.url !== '/api/v1/docs.js')
      .filter((r) => !doc.paths[toOpenApiPath(r.url)]?.[r.method.toLowerCase()])
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('describes what the routes actually answer', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const op = (b: string) => bearer(b);
    const { admin, operator, viewer } = h.tokens;
    const created = await h.server.inject({
      method: 'POST',
      url: '/api/v1/connections',
      headers: op(operator),
      payload: { name: 'docs', connector: 'secret-test', config: { region: 'eu', api_key: SECRET_VALUE } },
    });
    const token = await h.server.inject({ method: 'POST', url: '/api/v1/tokens', headers: op(viewer), payload: { name: 'ci' } });
    const userId = (await h.server.inject({ url: '/api/v1/auth/me', headers: op(viewer) })).json<{ id: string }>().id;
    const calls: [string, string, Awaited<ReturnType<typeof h.server.inject>>][] = [
      ['post', '/api/v1/connections', created],
      ['post', '/api/v1/tokens', token],
    ];
    const gets: [string, string, string][] = [
      ['/health/live', '/health/live', viewer],
      ['/health/ready', '/health/ready', viewer],
      ['/api/v1/auth/me', '/api/v1/auth/me', viewer],
      ['/api/v1/users', '/api/v1/users', admin],
      ['/api/v1/users/{id}', `/api/v1/users/${userId}`, admin],
      ['/api/v1/tokens', '/api/v1/tokens', admin],
      ['/api/v1/audit', '/api/v1/audit', admin],
      ['/api/v1/connectors', '/api/v1/connectors', viewer],
      ['/api/v1/connectors/{id}', '/api/v1/connectors/secret-test', viewer],
      ['/api/v1/connections', '/api/v1/connections', viewer],
      ['/api/v1/connections/{name}', '/api/v1/connections/docs', viewer],
      ['/api/v1/streams', '/api/v1/streams', viewer],
      ['/api/v1/streams/{stream}', '/api/v1/streams/companies', viewer],
      ['/api/v1/streams/{stream}/schema', '/api/v1/streams/companies/schema', viewer],
      ['/api/v1/streams/{stream}/records', '/api/v1/streams/companies/records?limit=5&sort=-name', viewer],
      ['/api/v1/streams/{stream}/records/{key}', '/api/v1/streams/companies/records/00000003', viewer],
      ['/api/v1/changes', '/api/v1/changes', viewer],
      ['/api/v1/runs', '/api/v1/runs', viewer],
      ['/api/v1/quarantine', '/api/v1/quarantine', viewer],
    ];
    for (const [pattern, url, t] of gets) calls.push(['get', pattern, await h.server.inject({ url, headers: op(t) })]);
    calls.push(['post', '/api/v1/connections/{name}/test', await h.server.inject({ method: 'POST', url: '/api/v1/connections/docs/test', headers: op(operator) })]);

    const problems: string[] = [];
    for (const [method, pattern, res] of calls) {
      const schema = doc.paths[pattern]?.[method]?.responses?.[String(res.statusCode)]?.content?.['application/json']?.schema;
      if (res.statusCode >= 300) problems.push(`${method} ${pattern}: status ${res.statusCode} ${res.body}`);
      else if (!schema) problems.push(`${method} ${pattern}: no schema for ${res.statusCode}`);
      else if (!ajv.validate(schema, res.json())) problems.push(`${method} ${pattern}: ${ajv.errorsText()}`);
    }
    expect(problems).toEqual([]);
  });
});
