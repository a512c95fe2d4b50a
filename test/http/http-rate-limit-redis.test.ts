import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { Simulator } from '../../src/sandbox/simulator.js';

const REDIS_URL = process.env.SLUICE_TEST_REDIS_URL;
const WORKER = fileURLToPath(new URL('./fixtures/rate-limit-worker.ts', import.meta.url));

function runWorker(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe.skipIf(!REDIS_URL)('rate limiter shared through Redis (SLUICE_TEST_REDIS_URL)', () => {
  const arrivals: { at: number; key: string }[] = [];
  const sim: Simulator = {
    prefix: 'notion',
    register(app) {
      app.get('/warmup', async () => ({ ok: true }));
      app.get('/tick', async (req) => {
        arrivals.push({ at: Date.now(), key: String(req.headers['x-key']) });
        return { ok: true };
      });
    },
    credentials: () => undefined,
  };
  let sb: Sandbox;
  const keyPrefix = `sluice-test:${randomUUID()}`;
  beforeAll(async () => {
    sb = await createSandbox({ simulators: [sim] });
    await sb.listen(0);
  });
  afterAll(async () => {
    await sb.close();
    // Leave nothing behind in the shared Redis.
    const redis = new Redis(REDIS_URL ?? '');
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('holds 3 requests/s for one credential across two processes, within 10 %', async () => {
    const perSecond = 3;
    const each = 8;
    const startAt = Date.now() + 4_000;
    const common = [sb.url('notion'), REDIS_URL ?? '', keyPrefix, String(each), String(perSecond), String(startAt)];
    await Promise.all([runWorker([...common, 'p1']), runWorker([...common, 'p2'])]);

    expect(arrivals).toHaveLength(2 * each);
    // Both processes got through, interleaved: the bucket is one, not one per process.
    expect(new Set(arrivals.map((a) => a.key))).toEqual(new Set(['p1', 'p2']));
    const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
    // n requests at r/s occupy n / r seconds: the span from first to last arrival plus one interval.
    const seconds = (times[times.length - 1]! - times[0]! + 1_000 / perSecond) / 1_000;
    const rate = times.length / seconds;
    process.stderr.write(`cross-process rate: ${rate.toFixed(2)} req/s over ${seconds.toFixed(2)} s (target ${perSecond})\n`);
    expect(rate).toBeLessThanOrEqual(perSecond * 1.1);
    expect(rate).toBeGreaterThanOrEqual(perSecond * 0.9);
  });
});
