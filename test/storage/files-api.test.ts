import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from '../../src/store/connection-store.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { startHarness, type Harness } from '../api/api-harness.js';
import { startTestS3, type TestS3 } from '../support/s3-server.js';

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe('files API on S3-compatible storage', () => {
  let s3: TestS3;
  let h: Harness;
  beforeAll(async () => {
    s3 = await startTestS3();
    h = await startHarness('pglite', { env: s3.env });
  }, 120_000);
  afterAll(async () => {
    await h.close();
    await s3.close();
  });

  it('an uploaded CSV becomes a CSV connection\'s input', async () => {
    const up = await h.server.inject({
      method: 'POST', url: '/api/v1/files/uploads?name=people.csv',
      headers: { ...bearer(h.tokens.operator), 'content-type': 'text/csv' },
      payload: 'id,name\n1,Ada\n2,Grace\n',
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ key: 'uploads/people.csv', size: 22, path: 'storage:uploads/people.csv' });
    const viewer = await h.server.inject({ method: 'POST', url: '/api/v1/files/uploads?name=x.csv', headers: { ...bearer(h.tokens.viewer), 'content-type': 'text/csv' }, payload: 'a\n' });
    expect(viewer.statusCode).toBe(403);

    await createConnection(h.app.db, h.app.secrets, { name: 'people', connector: 'csv', config: { path: 'storage:uploads/people.csv', stream: 'people', key: 'id' } });
    const test = await h.server.inject({ method: 'POST', url: '/api/v1/connections/people/test', headers: bearer(h.tokens.operator) });
    expect(test.json()).toMatchObject({ ok: true });
    expect((await runSync(h.app, { connection: 'people' })).status).toBe('succeeded');
    const rows = await h.app.db.query<{ key: string }>(`select key from records r join streams s on s.id = r.stream_id where s.name = 'people' order by key`);
    expect(rows.rows.map((r) => r.key)).toEqual(['1', '2']);
  });

  it('lists files for admins and hands out signed, expiring download links', async () => {
    expect((await h.server.inject({ url: '/api/v1/files?prefix=uploads/', headers: bearer(h.tokens.operator) })).statusCode).toBe(403);
    const list = await h.server.inject({ url: '/api/v1/files?prefix=uploads/', headers: bearer(h.tokens.admin) });
    expect(list.json()).toMatchObject({ location: 's3://sluice-test/sluice/', items: [{ key: 'uploads/people.csv', size: 22 }] });
    const link = await h.server.inject({ method: 'POST', url: '/api/v1/files/links', headers: bearer(h.tokens.admin), payload: { key: 'uploads/people.csv', expires_in_seconds: 60 } });
    expect(link.statusCode).toBe(201);
    const { url } = link.json<{ url: string }>();
    const dl = await h.server.inject({ url });
    expect(dl.statusCode).toBe(200);
    expect(dl.body).toBe('id,name\n1,Ada\n2,Grace\n');
    const forged = await h.server.inject({ url: `${url.slice(0, -3)}abc` });
    expect(forged.statusCode).toBe(404);
    const missing = await h.server.inject({ method: 'POST', url: '/api/v1/files/links', headers: bearer(h.tokens.admin), payload: { key: 'uploads/none.csv' } });
    expect(missing.statusCode).toBe(404);
  });
});
