import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Simulator, SimulatorContext } from '../simulator.js';
import { SIM_PAIRS, pairKey } from './ui-geography.js';
import type { UiEnvelope, SimDistributor } from './ui-entry.js';
import { renderLocatorPage } from './ui-html-page.js';
import type { StepChanges } from './ui-step-changes.js';
import { UiWorld } from './ui-world.js';

export interface UiSimulator extends Simulator {
  /** The world for the seed it was registered with (available after `register`). */
  world(): UiWorld;
  /** What a full read sees change between `step - 1` and `step`. */
  changes(step: number): StepChanges;
}

interface LocatorQuery {
  region?: string;
  country_state?: string;
}

function envelope(list: readonly SimDistributor[]): UiEnvelope {
  const resellers = list.filter((d) => !d.entry.master_reseller).map((d) => d.entry);
  const masters = list.filter((d) => d.entry.master_reseller).map((d) => d.entry);
  // Key order as recorded.
  return { resellers, master_resellers_count: masters.length, resellers_count: resellers.length, master_resellers: masters };
}

/**
 * The ui.com distributor locator: `GET /distributors/?region=&country_state=` answers JSON only to XHR requests
 * (`X-Requested-With: XMLHttpRequest`), the HTML page with `mainRegionsData` otherwise. No parameters lists the
 * usa region (as the real site did); a region alone lists the whole region, deduplicated; an unknown or delisted
 * pair lists nobody. Data moves with the sandbox clock's step.
 */
export function createUiSimulator(): UiSimulator {
  let world: UiWorld | undefined;
  const counters = { json: 0, html: 0, byPair: new Map<string, number>() };

  const select = (w: UiWorld, step: number, q: LocatorQuery): SimDistributor[] => {
    const listed = new Set(w.listedPairs(step));
    const region = q.region ?? 'usa';
    const code = q.country_state;
    const pairs = code
      ? [pairKey(region, code)].filter((k) => listed.has(k))
      : SIM_PAIRS.filter((g) => g.region === region).map((g) => pairKey(g.region, g.code)).filter((k) => listed.has(k));
    return w.entriesFor(step, pairs);
  };

  const sim: UiSimulator = {
    prefix: 'ui',
    register(app: FastifyInstance, ctx: SimulatorContext) {
      const w = new UiWorld(ctx.seed);
      world = w;
      const handler = async (req: FastifyRequest<{ Querystring: LocatorQuery }>, reply: FastifyReply) => {
        const step = ctx.clock.step;
        const q = req.query;
        const xhr = String(req.headers['x-requested-with'] ?? '').toLowerCase() === 'xmlhttprequest';
        const list = select(w, step, q);
        const key = q.region ? `${q.region}/${q.country_state ?? ''}` : '(none)';
        counters.byPair.set(key, (counters.byPair.get(key) ?? 0) + 1);
        if (xhr) {
          counters.json++;
          reply.type('application/json; charset=utf-8');
          return reply.send(envelope(list));
        }
        counters.html++;
        reply.type('text/html; charset=utf-8');
        return reply.send(renderLocatorPage(w.listedPairs(step), list));
      };
      app.get('/distributors/', handler);
      app.get('/distributors', handler);
    },
    credentialsKey: 'ui-distributor-locator',
    credentials() {
      // The locator is public: a connection needs no secrets, only the base URL.
      return undefined;
    },
    faultBody(status: number, message: string) {
      // ui.com answers errors with an HTML page from its edge, not JSON.
      return `<html><head><title>${status}</title></head><body><center><h1>${status} ${message}</h1></center><hr><center>nginx</center></body></html>`;
    },
    stats() {
      return { json_requests: counters.json, html_requests: counters.html, by_pair: Object.fromEntries(counters.byPair) };
    },
    reset() {
      counters.json = 0;
      counters.html = 0;
      counters.byPair.clear();
    },
    world() {
      if (!world) throw new Error('the ui simulator is not registered yet');
      return world;
    },
    changes(step: number) {
      return sim.world().changes(step);
    },
  };
  return sim;
}
