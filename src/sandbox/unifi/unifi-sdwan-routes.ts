import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../simulator.js';
import type { UnifiFleet } from './unifi-fleet.js';
import type { SimSite } from './unifi-fleet-types.js';
import type { Guard } from './unifi-isp-metrics-routes.js';
import { errorBody, traceId } from './unifi-paging.js';

interface Deps {
  readonly fleet: UnifiFleet;
  readonly clock: SandboxClock;
  readonly seed: number;
  readonly guard: Guard;
}

interface SdwanConfig {
  readonly id: string;
  readonly name: string;
  readonly hub: SimSite;
  readonly spokes: readonly SimSite[];
}

function uuidFrom(...parts: (string | number)[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const endpointId = (s: SimSite) => `${s.hostId}_${s.siteId}`;

/** One hub-and-spoke config: the first console site as hub, the next few as spokes (fixed by the seed). */
function configs(d: Deps): SdwanConfig[] {
  const sites = d.fleet.sites().filter((s) => s.meta.name === 'default');
  if (sites.length < 2) return [];
  return [{ id: uuidFrom(d.seed, 'sdwan', 0), name: 'Obera Core SD-WAN', hub: sites[0]!, spokes: sites.slice(1, 4) }];
}

function gatewayOnline(fleet: UnifiFleet, site: SimSite): boolean {
  const gw = fleet.devices().find((x) => x.siteId === site.siteId && (x.role === 'console' || x.role === 'gateway'));
  return gw?.body.status !== 'offline';
}

function wanStatus(fleet: UnifiFleet, site: SimSite, primary: boolean): Record<string, unknown> {
  if (!primary) return { ip: '', latency: null, internetIssues: null, wanId: '' };
  const up = gatewayOnline(fleet, site);
  return { ip: up ? `10.${site.siteId.charCodeAt(0) % 200}.${site.siteId.charCodeAt(1) % 200}.2` : '', latency: up ? 1 + (site.siteId.charCodeAt(2) % 9) : null, internetIssues: [], wanId: 'WAN' };
}

/** Early Access SD-WAN endpoints: list, one config, and its live status (tunnels follow the gateways' state). */
export function registerSdwanRoutes(app: FastifyInstance, d: Deps): void {
  const find = (id: string) => configs(d).find((c) => c.id === id);

  app.get('/ea/sd-wan-configs', async (req, reply) => {
    if (!(await d.guard(req, reply, 'ea', 'GET /ea/sd-wan-configs'))) return;
    return reply.send({ data: configs(d).map((c) => ({ id: c.id, name: c.name, type: 'sdwan-hbsp' })), httpStatusCode: 200, traceId: traceId() });
  });

  app.get<{ Params: { id: string } }>('/ea/sd-wan-configs/:id', async (req, reply) => {
    if (!(await d.guard(req, reply, 'ea', 'GET /ea/sd-wan-configs/:id'))) return;
    const c = find(req.params.id);
    if (!c) return reply.code(404).send(errorBody('not_found', 404, 'config not found'));
    const endpoint = (s: SimSite, hub: boolean) => ({
      id: endpointId(s), hostId: s.hostId, siteId: s.siteId,
      networkIds: hub ? [uuidFrom(d.seed, s.siteId, 'net').replace(/-/g, '').slice(0, 24)] : [],
      routes: hub ? [] : [`172.16.${c.spokes.indexOf(s) + 1}.0/24`],
      primaryWan: 'WAN', wanFailover: false, ...(hub ? {} : { hubsPriority: null }),
    });
    return reply.send({
      data: {
        id: c.id, name: c.name, type: 'sdwan-hbsp', variant: 'single',
        settings: {
          hubsInterconnect: null, spokeToHubTunnelsMode: 'scalable', spokesAutoScaleAndNatEnabled: true,
          spokesAutoScaleAndNatRange: '172.16.0.0/12', spokesIsolate: true, spokeStandardSettingsEnabled: false,
          spokeStandardSettingsValues: null, spokeToHubRouting: 'geo',
        },
        hubs: [endpoint(c.hub, true)],
        spokes: c.spokes.map((s) => endpoint(s, false)),
      },
      httpStatusCode: 200,
      traceId: traceId(),
    });
  });

  app.get<{ Params: { id: string } }>('/ea/sd-wan-configs/:id/status', async (req, reply) => {
    if (!(await d.guard(req, reply, 'ea', 'GET /ea/sd-wan-configs/:id/status'))) return;
    const c = find(req.params.id);
    if (!c) return reply.code(404).send(errorBody('not_found', 404, 'config not found'));
    const generated = d.clock.now().getTime() - 3_600_000;
    const hubUp = gatewayOnline(d.fleet, c.hub);
    const status = (s: SimSite) => ({
      id: endpointId(s), hostId: s.hostId, siteId: s.siteId, name: s.meta.desc,
      primaryWanStatus: wanStatus(d.fleet, s, true), secondaryWanStatus: wanStatus(d.fleet, s, false),
      errors: [], warnings: [], numberOfTunnelsUsedByOtherFeatures: 0,
    });
    return reply.send({
      data: {
        id: '',
        fingerprint: createHash('sha256').update(`${c.id}|${d.fleet.step}`).digest('hex').slice(0, 16),
        updatedAt: generated,
        hubs: [{ ...status(c.hub), networks: [{ networkId: uuidFrom(d.seed, c.hub.siteId, 'net').replace(/-/g, '').slice(0, 24), name: 'Default', errors: [], warnings: [] }], routes: [], applyStatus: 'OK' }],
        spokes: c.spokes.map((s, i) => ({
          ...status(s),
          networks: [],
          routes: [{ routeValue: `172.16.${i + 1}.0/24`, errors: [], warnings: [] }],
          connections: [{ hubId: endpointId(c.hub), tunnels: [{ spokeWanId: 'WAN', hubWanId: 'WAN', status: hubUp && gatewayOnline(d.fleet, s) ? 'connected' : 'disconnected' }] }],
          applyStatus: 'OK',
        })),
        lastGeneratedAt: generated,
        generateStatus: 'OK',
        errors: [],
        warnings: [],
      },
      httpStatusCode: 200,
      traceId: traceId(),
    });
  });
}
