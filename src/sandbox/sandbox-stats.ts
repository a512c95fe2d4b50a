export interface SimulatorTraffic {
  requests: number;
  byStatus: Record<string, number>;
  /** Faults applied, by kind. */
  faults: Record<string, number>;
}

export interface SandboxStatsEntry extends SimulatorTraffic {
  /** The simulator's own counters (its `stats()`), when it has them. */
  simulator?: Record<string, unknown>;
}

/** Request counters per simulator prefix, kept by the composer's hooks (independent of each simulator's own stats). */
export function createTrafficCounters(prefixes: readonly string[]) {
  let traffic = new Map<string, SimulatorTraffic>();
  const fresh = () => {
    traffic = new Map(prefixes.map((p) => [p, { requests: 0, byStatus: {}, faults: {} }]));
  };
  fresh();
  const get = (prefix: string): SimulatorTraffic => {
    let t = traffic.get(prefix);
    if (!t) {
      t = { requests: 0, byStatus: {}, faults: {} };
      traffic.set(prefix, t);
    }
    return t;
  };
  return {
    request(prefix: string) {
      get(prefix).requests += 1;
    },
    status(prefix: string, status: number) {
      const t = get(prefix);
      t.byStatus[status] = (t.byStatus[status] ?? 0) + 1;
    },
    fault(prefix: string, kind: string) {
      const t = get(prefix);
      t.faults[kind] = (t.faults[kind] ?? 0) + 1;
    },
    snapshot(): Record<string, SimulatorTraffic> {
      return Object.fromEntries(
        [...traffic].map(([p, t]) => [p, { requests: t.requests, byStatus: { ...t.byStatus }, faults: { ...t.faults } }]),
      );
    },
    reset: fresh,
  };
}
