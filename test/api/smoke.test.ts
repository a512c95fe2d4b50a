import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';

describeEachDatabase('api smoke', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  it('answers me', async () => {
    const r = await h.server.inject({ url: '/api/v1/auth/me', headers: bearer(h.tokens.viewer) });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ email: 'viewer@example.com', role: 'viewer' });
  });
});
