import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Simulator, SimulatorContext } from '../simulator.js';
import { deviceGroupBody, hostBody, siteBody } from './unifi-bodies.js';
import { UnifiFleet } from './unifi-fleet.js';
import { registerIspMetricsRoutes } from './unifi-isp-metrics-routes.js';
import { registerSdwanRoutes } from './unifi-sdwan-routes.js';
import { errorBody, PageTokens, parsePageSize, traceId } from './unifi-paging.js';

export interface UnifiSimulatorOptions {
  /** Default: the seed system's scale, 98 sites and 496 devices. */
  readonly sites?: number;
  readonly devices?: number;
  readonly apiKey?: string;
  /** v1 limit (10,000/min) and Early Access limit (100/min), per API key. */
  readonly rateLimitPerMinute?: number;
  readonly eaRateLimitPerMinute?: number;
  /** Items per page when the client sends no `pageSize`. */
  readonly defaultPageSize?: number;
}

export interface UnifiSimulator extends Simulator {
  /** The simulated estate (after `register`): tests read the changes the clock made. */
  readonly fleet: UnifiFleet;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_PAGE_SIZE = 500;
/** The envelope codes the API uses per status (the recorded bodies use the lower-case forms). */
const FAULT_CODES: Record<number, string> = {
  400: 'parameter_invalid', 401: 'unauthorized', 403: 'forbidden', 404: 'NOT_FOUND', 409: 'conflict',
  429: 'rate_limit', 500: 'server_error', 502: 'bad_gateway', 503: 'service_unavailable', 504: 'gateway_timeout',
};

/**
 * UniFi Site Manager API (api.ui.com): `/v1/hosts`, `/v1/hosts/{id}`, `/v1/sites`, `/v1/devices`, ISP metrics, the
 * Early Access SD-WAN endpoints, and the `/ea/` aliases (with the Early Access rate limit).
 */
export function createUnifiSimulator(opts: UnifiSimulatorOptions = {}): UnifiSimulator {
  const apiKey = opts.apiKey ?? 'sandbox-unifi-api-key-0001';
  const defaultPageSize = opts.defaultPageSize ?? 25;
  const tokens = new PageTokens();
  const counts = new Map<string, number>();
  let fleet: UnifiFleet | undefined;
  const limits = {
    v1: new RateLimiterMemory({ points: opts.rateLimitPerMinute ?? 10_000, duration: 60 }),
    ea: new RateLimiterMemory({ points: opts.eaRateLimitPerMinute ?? 100, duration: 60 }),
  };

  const getFleet = (): UnifiFleet => {
    if (!fleet) throw new Error('unifi simulator: register() has not run');
    return fleet;
  };

  return {
    prefix: 'unifi',
    credentialsKey: 'unifi-site-manager',
    faultBody: (status: number, message: string) => errorBody(FAULT_CODES[status] ?? 'server_error', status, message),
    get fleet() {
      return getFleet();
    },
    credentials: () => ({ api_key: apiKey }),
    stats: () => ({ requests: Object.fromEntries(counts), step: fleet?.step ?? 0 }),
    reset: () => {
      counts.clear();
      tokens.clear();
    },
    register(app: FastifyInstance, ctx: SimulatorContext) {
      const f = new UnifiFleet(ctx.seed, { sites: opts.sites ?? 98, devices: opts.devices ?? 496 });
      fleet = f;
      ctx.clock.onAdvance((step) => f.advanceTo(step, ctx.clock.now()));

      /** Auth, rate limit and clock catch-up shared by every route; returns false when it already replied. */
      const guard = async (req: FastifyRequest, reply: FastifyReply, tier: 'v1' | 'ea', route: string): Promise<boolean> => {
        counts.set(route, (counts.get(route) ?? 0) + 1);
        f.advanceTo(ctx.clock.step, ctx.clock.now());
        const key = req.headers['x-api-key'];
        if (typeof key !== 'string' || key !== apiKey) {
          await reply.code(401).send(errorBody('unauthorized', 401, 'unauthorized'));
          return false;
        }
        try {
          await limits[tier].consume(key);
        } catch (e) {
          if (!(e instanceof RateLimiterRes)) throw e;
          const seconds = e.msBeforeNext / 1000;
          await reply
            .code(429)
            .header('retry-after', String(Math.ceil(seconds)))
            .send(errorBody('rate_limit', 429, `rate limit exceeded, retry after ${seconds.toFixed(9)}s`));
          return false;
        }
        return true;
      };

      /** One page of `items`, following the API's `pageSize` + `nextToken` contract. */
      const page = async (
        req: FastifyRequest, reply: FastifyReply, list: string, items: readonly unknown[], emptyTokenOnLastPage: boolean,
      ): Promise<void> => {
        const q = req.query as Record<string, unknown>;
        const size = parsePageSize(q.pageSize, defaultPageSize, MAX_PAGE_SIZE);
        if (size === null) {
          await reply.code(400).send(errorBody('parameter_invalid', 400, `invalid pageSize: ${String(q.pageSize)}`));
          return;
        }
        let offset = 0;
        if (typeof q.nextToken === 'string' && q.nextToken !== '') {
          const o = tokens.resolve(list, q.nextToken);
          if (o === undefined) {
            await reply.code(400).send(errorBody('parameter_invalid', 400, `invalid nextToken: ${q.nextToken}`));
            return;
          }
          offset = o;
        }
        const data = items.slice(offset, offset + size);
        const body: Record<string, unknown> = { data, httpStatusCode: 200, traceId: traceId() };
        // The recorded /v1/hosts bodies end with `"nextToken": ""`; sites and devices omit it on the last page.
        if (offset + size < items.length) body.nextToken = tokens.issue(list, offset + size);
        else if (emptyTokenOnLastPage) body.nextToken = '';
        await reply.send(body);
      };

      const gatewayShortname = (siteId: string): string =>
        f.devices().find((d) => d.siteId === siteId && (d.role === 'console' || d.role === 'gateway'))?.body.shortname ?? '';

      registerIspMetricsRoutes(app, { fleet: f, clock: ctx.clock, seed: ctx.seed, guard });
      registerSdwanRoutes(app, { fleet: f, clock: ctx.clock, seed: ctx.seed, guard });

      for (const tier of ['v1', 'ea'] as const) {
        app.get(`/${tier}/hosts`, async (req, reply) => {
          if (!(await guard(req, reply, tier, `GET /${tier}/hosts`))) return;
          await page(req, reply, 'hosts', f.hosts().map(hostBody), true);
        });

        app.get<{ Params: { id: string } }>(`/${tier}/hosts/:id`, async (req, reply) => {
          if (!(await guard(req, reply, tier, `GET /${tier}/hosts/:id`))) return;
          const host = f.hosts().find((h) => h.id === req.params.id);
          if (!host) {
            await reply.code(404).send(errorBody('NOT_FOUND', 404, `thing not found: ${req.params.id}`));
            return;
          }
          await reply.send({ data: hostBody(host), httpStatusCode: 200, traceId: traceId() });
        });

        app.get(`/${tier}/sites`, async (req, reply) => {
          if (!(await guard(req, reply, tier, `GET /${tier}/sites`))) return;
          const devices = f.devices();
          await page(req, reply, 'sites', f.sites().map((s) => siteBody(s, devices, gatewayShortname(s.siteId))), false);
        });

        app.get(`/${tier}/devices`, async (req, reply) => {
          if (!(await guard(req, reply, tier, `GET /${tier}/devices`))) return;
          const q = req.query as Record<string, unknown>;
          if (q.time !== undefined && (typeof q.time !== 'string' || !RFC3339.test(q.time))) {
            await reply.code(400).send(errorBody('parameter_invalid', 400, `invalid time format: ${JSON.stringify(q.time).replace(/^"|"$/g, '')}`));
            return;
          }
          // Both spellings are in use: `hostIds[]=a&hostIds[]=b` (the docs) and `hostIds=a&hostIds=b` (the spec).
          const wanted = [q['hostIds[]'], q.hostIds].flat().filter((v): v is string => typeof v === 'string' && v !== '');
          const hosts = wanted.length > 0 ? f.hosts().filter((h) => wanted.includes(h.id)) : f.hosts();
          const devices = f.devices();
          const groups = hosts.map((h) => deviceGroupBody(h, devices)).filter((g) => (g.devices as unknown[]).length > 0);
          await page(req, reply, 'devices', groups, false);
        });
      }
    },
  };
}
