import Fastify from 'fastify';
import type { SandboxClock } from '../../src/sandbox/simulator.js';
import { createNotionSimulator, type NotionSimulator, type NotionSimulatorOptions } from '../../src/sandbox/notion/notion.simulator.js';

/** A stepping clock like the sandbox's: time moves only when told. */
export function createTestClock(start = new Date('2026-11-23T08:00:00Z')): SandboxClock {
  let offset = 0;
  let step = 0;
  const listeners: ((s: number) => void)[] = [];
  const base = Date.now();
  return {
    get step() {
      return step;
    },
    now: () => new Date(start.getTime() + (Date.now() - base) + offset),
    advance(opts = {}) {
      const steps = opts.steps ?? 1;
      offset += (opts.seconds ?? 3600 * steps) * 1000;
      for (let i = 0; i < steps; i += 1) {
        step += 1;
        for (const l of listeners) l(step);
      }
    },
    onAdvance(l) {
      listeners.push(l);
    },
  };
}

export interface NotionSandbox {
  readonly sim: NotionSimulator;
  readonly clock: SandboxClock;
  /** Base URL of the Notion API (`…/notion`): paths are `/v1/...`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The Notion simulator alone on a random port (the full sandbox composes every simulator the same way). */
export async function startNotionSandbox(opts: NotionSimulatorOptions = {}): Promise<NotionSandbox> {
  const sim = createNotionSimulator({ rateLimit: false, humanEditsPerStep: 0, ...opts });
  const clock = createTestClock();
  const app = Fastify({ logger: false });
  await app.register(async (scope) => sim.register(scope, { clock, seed: 42 }), { prefix: '/notion' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { sim, clock, baseUrl: `${address}/notion`, close: () => app.close() };
}

export async function notionFetch(
  sb: NotionSandbox,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${sb.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${sb.sim.credentials().token}`,
      'notion-version': '2025-09-03',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}
