import type { FastifyInstance } from 'fastify';
import type { Simulator } from '../simulator.js';

/** One message a webhook receiver got. */
export interface ReceivedHook {
  readonly channel: string;
  readonly at: string;
  /** Signature and delivery headers as sent (x-sluice-*). */
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export interface HooksSimulator extends Simulator {
  received(channel?: string): readonly ReceivedHook[];
}

const KEEP = 500;

/**
 * A webhook receiver (the Slack / Teams / HTTP endpoint a digest is posted to): `POST /hooks/<channel>` answers 200
 * and keeps the message; `GET /hooks/_received[?channel=]` lists what arrived (newest last, last 500). Lets the demo and
 * tests see a pack's change digest without the internet.
 */
export function createHooksSimulator(): HooksSimulator {
  let messages: ReceivedHook[] = [];
  const sim: HooksSimulator = {
    prefix: 'hooks',
    register(app: FastifyInstance) {
      app.get<{ Querystring: { channel?: string } }>('/_received', async (req) => ({ messages: sim.received(req.query.channel) }));
      app.post<{ Params: { channel: string } }>('/:channel', async (req) => {
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k.startsWith('x-sluice') || k === 'content-type').map(([k, v]) => [k, String(v)]),
        );
        messages.push({ channel: req.params.channel, at: new Date().toISOString(), headers, body: req.body });
        if (messages.length > KEEP) messages = messages.slice(-KEEP);
        return { ok: true };
      });
    },
    credentials: () => undefined,
    received: (channel) => messages.filter((m) => channel === undefined || m.channel === channel),
    stats: () => ({ received: messages.length }),
    reset: () => {
      messages = [];
    },
  };
  return sim;
}
