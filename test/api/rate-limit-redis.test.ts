import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SluiceServer } from '../../src/api/create-server.js';
import { bearer, startHarness, type Harness } from './api-harness.js';

const REDIS_URL = process.env.SLUICE_TEST_REDIS_URL;

describe.skipIf(!REDIS_URL)('API rate limits shared through Redis (SLUICE_TEST_REDIS_URL)', () => {
  let h: Harness;
  let second: SluiceServer;
  const prefix = `sluice:test:${Date.now().toString(36)}`;
  beforeAll(async () => {
    h = await startHarness('pglite', {
      env: { SLUICE_RATE_LIMIT_PER_MINUTE: '10', SLUICE_REDIS_URL: REDIS_URL ?? '' },
      server: { rateLimitKeyPrefix: prefix },
    });
    // A second server process stand-in on the same database and the same Redis buckets.
    second = await createServer(h.app, { rateLimitKeyPrefix: prefix });
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });

  it('counts requests to either server against one budget', async () => {
    // The harness's three logins went to the first server.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const server = i % 2 === 0 ? h.server : second;
      statuses.push((await server.inject({ url: '/api/v1/streams', headers: bearer(h.tokens.viewer) })).statusCode);
    }
    expect(statuses.slice(0, 7)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(statuses[7]).toBe(429);
  });
});
