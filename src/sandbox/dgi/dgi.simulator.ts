import type { FastifyInstance } from 'fastify';
import type { SandboxClock, Simulator, SimulatorContext } from '../simulator.js';
import { generateSimDealers, SIM_CREDENTIALS, SIM_DEALERS, type SimDealerSet } from './dgi-sim-dealers.js';
import { SIM_H1_MODULES } from './dgi-sim-modules-h1.js';
import { SIM_H23_MODULES } from './dgi-sim-modules-h23.js';
import { validateDgiRequest, type DgiSimRules } from './dgi-sim-request.js';
import type { SimDoc, SimModule } from './dgi-sim-types.js';
import { DgiWorld, serialiseDoc } from './dgi-sim-world.js';

/** The 14 job-type endpoints and `spk`, in the order a dealer's day produces them. */
export const DGI_SIM_MODULES: readonly SimModule[] = [...SIM_H1_MODULES, ...SIM_H23_MODULES];

export interface DgiSimulatorStats {
  requests: number;
  byModule: Record<string, number>;
  /** Refusals (`status: 0`) by message. */
  rejected: Record<string, number>;
  /** Documents the API can serve now, by dealer and endpoint. */
  visible: Record<string, Record<string, number>>;
  /** What the last clock step created and modified. */
  lastChanges: readonly { dealerId: string; module: string; id: string; kind: string }[];
}

export interface DgiCredentialView {
  readonly dealer_id: string;
  readonly dealer_name: string;
  readonly api_key: string;
  readonly secret_key: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function matchesFilters(mod: SimModule, doc: SimDoc, filters: Readonly<Record<string, string>>): boolean {
  for (const [name, value] of Object.entries(filters)) {
    const field = mod.filters[name];
    if (field === undefined || value === '') continue; // filters an endpoint does not know are ignored, as servers do
    const inItems = Object.values(doc.arrays).some((items) => items.some((i) => text(i.fields[field]) === value));
    if (text(doc.fields[field]) !== value && !inItems) return false;
  }
  return true;
}

/**
 * AHM DGI v1.3 as a main dealer's server runs it, for three dealers in two dealer groups (or N generated dealers): `POST
 * /dgi-api/v1.3/<module>/read` with the spec's headers, token, time rules, envelope and field names.
 */
export class DgiSimulator implements Simulator {
  readonly prefix = 'dgi';
  readonly credentialsKey = 'dgi';
  readonly rules: DgiSimRules;
  private clock: SandboxClock | undefined;
  private world: DgiWorld | undefined;
  private counters = DgiSimulator.zero();
  private quota = new Map<string, number>();
  private readonly set: SimDealerSet;

  constructor(rules: Partial<DgiSimRules> = {}, world: DgiSimWorldOptions = {}) {
    this.rules = { skewSeconds: 10, windowDays: 7, lookbackDays: 30, dailyQuota: 10_000, ...rules };
    this.set = world.dealers === undefined
      ? { dealers: SIM_DEALERS, credentials: SIM_CREDENTIALS }
      : generateSimDealers(world.dealers, world.seed ?? 42, world.dealersPerKey);
  }

  private static zero(): Pick<DgiSimulatorStats, 'requests' | 'byModule' | 'rejected'> {
    return { requests: 0, byModule: {}, rejected: {} };
  }

  register(app: FastifyInstance, ctx: SimulatorContext): void {
    const clock = ctx.clock;
    this.clock = clock;
    const world = new DgiWorld(ctx.seed, this.set.dealers, DGI_SIM_MODULES, clock.now().getTime());
    this.world = world;
    clock.onAdvance((step) => world.enqueue(step));

    for (const mod of DGI_SIM_MODULES) {
      app.post(`/dgi-api/v1.3/${mod.module}/read`, async (req, reply) => {
        const now = clock.now().getTime();
        world.catchUp(now);
        this.counters.requests += 1;
        this.counters.byModule[mod.module] = (this.counters.byModule[mod.module] ?? 0) + 1;
        // The server's clock, as a real one would send it: clients can measure their skew from it.
        void reply.header('date', new Date(now).toUTCString());
        const result = validateDgiRequest(
          { headers: req.headers, body: req.body, now, wallNow: Date.now() },
          {
            rules: this.rules,
            credentials: this.set.credentials,
            dealers: this.set.dealers,
            countRequest: (key, day) => {
              const k = `${key}@${day}`;
              const n = (this.quota.get(k) ?? 0) + 1;
              this.quota.set(k, n);
              return n;
            },
          },
        );
        if (!result.ok) {
          const text = typeof result.message === 'string' ? result.message : Object.values(result.message).join('; ');
          this.counters.rejected[text] = (this.counters.rejected[text] ?? 0) + 1;
          return { status: 0, message: result.message, data: null };
        }
        const data = result.dealerIds.flatMap((dealerId) =>
          world
            .query([dealerId], mod.module, result.from, result.to)
            .filter((doc) => matchesFilters(mod, doc, result.filters))
            .map((doc) => serialiseDoc(doc, dealerId)),
        );
        return { status: 1, message: null, data };
      });
    }
  }

  /** One entry per dealer (dealers of a group share their group's key), under the connector's config names. */
  credentials(): DgiCredentialView[] {
    const keys = new Map(this.set.credentials.map((c) => [c.group, c]));
    return this.set.dealers.map((d) => {
      const c = keys.get(d.group);
      if (!c) throw new Error(`no sandbox credential for dealer group ${d.group}`);
      return { dealer_id: d.dealerId, dealer_name: d.name, api_key: c.apiKey, secret_key: c.secretKey };
    });
  }

  /** Ids of one dealer's documents the API would return for [from, to] (tests compare a read with the source). */
  documentIds(dealerId: string, module: string, from: Date, to: Date): string[] {
    const world = this.world;
    if (!world || !this.clock) throw new Error('the DGI simulator is not registered in a sandbox');
    world.catchUp(this.clock.now().getTime());
    return world.query([dealerId], module, from.getTime(), to.getTime()).map((d) => d.id);
  }

  faultBody(_status: number, message: string): unknown {
    return { status: 0, message, data: null };
  }

  stats(): Record<string, unknown> {
    const now = this.clock?.now().getTime() ?? Date.now();
    const s: DgiSimulatorStats = {
      ...this.counters,
      visible: this.world?.visibleCounts(now) ?? {},
      lastChanges: this.world?.lastChanges(now) ?? [],
    };
    return s as unknown as Record<string, unknown>;
  }

  reset(): void {
    this.counters = DgiSimulator.zero();
    this.quota = new Map();
  }
}

/** How many dealers the simulator serves (default: the three fixed ones) and how they are generated. */
export interface DgiSimWorldOptions {
  /** Generate this many dealers (the three fixed ones first), deterministically from `seed`. */
  readonly dealers?: number;
  readonly seed?: number;
  /** Dealers sharing one API key (default 10). */
  readonly dealersPerKey?: number;
}

export function createDgiSimulator(rules: Partial<DgiSimRules> = {}, world: DgiSimWorldOptions = {}): DgiSimulator {
  return new DgiSimulator(rules, world);
}
