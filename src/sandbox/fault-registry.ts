import { fnv1a, SeededRandom } from '../core/seeded-random.js';
import { faultSpecSchema, type Fault, type FaultControl, type FaultFilter, type FaultSpec } from './fault-spec.js';

interface ActiveFault {
  readonly id: string;
  readonly spec: FaultSpec;
  readonly path: RegExp | undefined;
  readonly random: () => number;
  remaining: number | undefined;
  hits: number;
}

export interface FaultRequest {
  readonly prefix: string;
  readonly method: string;
  /** Path after the prefix, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
}

const randomFn = (r: SeededRandom) => (): number => r.next();

export interface FaultRegistry extends FaultControl {
  /** The fault to apply to this request, if any; consumes one of its `count` and records the hit. */
  readonly take: (req: FaultRequest) => Fault | undefined;
}


function globToRegExp(glob: string): RegExp {
  const escaped = glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}/?$`);
}

function view(f: ActiveFault): Fault {
  return { ...f.spec, id: f.id, remaining: f.remaining, hits: f.hits };
}

/** The faults in force, in the order they were set; the first one that matches and fires wins. */
export function createFaultRegistry(seed: number): FaultRegistry {
  let faults: ActiveFault[] = [];
  let nextId = 1;

  function add(raw: FaultSpec): Fault {
    const spec = faultSpecSchema.parse(raw);
    const n = nextId;
    nextId += 1;
    const f: ActiveFault = {
      id: `f${n}`,
      spec,
      path: spec.path === undefined ? undefined : globToRegExp(spec.path),
      // Seeded by the sandbox seed and the spec itself, so a fault hits the same requests whatever was set before.
      random: randomFn(new SeededRandom(seed ^ fnv1a(JSON.stringify(spec)))),
      remaining: spec.count,
      hits: 0,
    };
    faults.push(f);
    return view(f);
  }

  function matches(f: ActiveFault, r: FaultRequest): boolean {
    const s = f.spec;
    if (s.prefix !== '*' && s.prefix !== r.prefix) return false;
    if (s.method && s.method.toUpperCase() !== r.method.toUpperCase()) return false;
    if (f.path && !f.path.test(r.path)) return false;
    if (s.query) for (const [k, v] of Object.entries(s.query)) if (r.query.get(k) !== v) return false;
    return true;
  }

  const registry: FaultRegistry = {
    set: ((specs: FaultSpec | readonly FaultSpec[]) =>
      Array.isArray(specs) ? specs.map(add) : add(specs as FaultSpec)) as FaultControl['set'],
    clear(filter: FaultFilter = {}) {
      const before = faults.length;
      faults = faults.filter(
        (f) => (filter.id !== undefined && f.id !== filter.id) || (filter.prefix !== undefined && f.spec.prefix !== filter.prefix),
      );
      return before - faults.length;
    },
    list: () => faults.map(view),
    take(req) {
      for (const f of faults) {
        if (!matches(f, req)) continue;
        // Draw only for matching requests, so unrelated traffic does not shift which requests a rate hits.
        if (f.spec.rate !== undefined && f.random() >= f.spec.rate) continue;
        f.hits += 1;
        if (f.remaining !== undefined) {
          f.remaining -= 1;
          if (f.remaining <= 0) faults = faults.filter((x) => x !== f);
        }
        return view(f);
      }
      return undefined;
    },
  };
  return registry;
}
