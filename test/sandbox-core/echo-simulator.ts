import type { Simulator } from '../../src/sandbox/simulator.js';

export interface EchoSimulator extends Simulator {
  readonly counts: { requests: number; resets: number; advances: number[] };
}

/**
 * A tiny test-only upstream: items derived from (seed, clock step), a per-region endpoint, an echo of the request
 * headers and query (to see what a client sent) and a POST. Used to test the composer and the HTTP layer without
 * depending on the real simulators.
 */
export function createEchoSimulator(prefix = 'echo', credentialsKey: string | null = 'echo-connector'): EchoSimulator {
  const counts = { requests: 0, resets: 0, advances: [] as number[] };
  return {
    prefix,
    ...(credentialsKey === null ? {} : { credentialsKey }),
    counts,
    register(app, ctx) {
      ctx.clock.onAdvance((step) => counts.advances.push(step));
      app.addHook('onRequest', async () => {
        counts.requests += 1;
      });
      const items = () =>
        Array.from({ length: 3 }, (_, i) => ({ id: i + 1, value: (ctx.seed * 31 + ctx.clock.step * 7 + i) % 1000 }));
      app.get('/items', async () => ({ step: ctx.clock.step, now: ctx.clock.now().toISOString(), items: items() }));
      app.get<{ Params: { region: string } }>('/regions/:region/items', async (req) => ({
        region: req.params.region,
        items: items(),
      }));
      app.get('/echo', async (req) => ({ headers: req.headers, query: req.query }));
      app.post('/items', async (req, reply) => reply.code(201).send({ created: req.body }));
      app.get('/big', async () => ({ rows: Array.from({ length: 200 }, (_, i) => ({ i, text: 'x'.repeat(20) })) }));
    },
    credentials: () => ({ api_key: 'echo-demo-key' }),
    stats: () => ({ requests: counts.requests }),
    reset: () => {
      counts.resets += 1;
      counts.requests = 0;
    },
  };
}
