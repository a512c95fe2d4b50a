import type { FastifyInstance } from 'fastify';

/**
 * The sandbox clock. Data moves only when told (POST /_admin/clock/advance, or --realtime for demos), so two syncs in a
 * row see the same data. `step` counts advances: simulators derive their data deterministically from (seed, step).
 * `now()` is wall-clock time plus the total advanced offset (so time-based auth such as DGI's token still works).
 */
export interface SandboxClock {
  readonly step: number;
  now(): Date;
  /** Moves data forward `steps` steps and time forward `seconds` (default: one step of one hour each). */
  advance(opts?: { steps?: number; seconds?: number }): void;
  onAdvance(listener: (step: number) => void): void;
}

export interface SimulatorContext {
  readonly clock: SandboxClock;
  /** Seed for the deterministic generators (SLUICE_SANDBOX_SEED, default 42). */
  readonly seed: number;
}

/** One upstream simulator, served under `/<prefix>` by `sluice sandbox` and in-process by tests. */
export interface Simulator {
  /** `ui`, `unifi`, `ninjaone`, `dgi`, `notion`. */
  readonly prefix: string;
  /** Registers the upstream's real routes on an app already scoped to `/<prefix>`. */
  register(app: FastifyInstance, ctx: SimulatorContext): Promise<void> | void;
  /** Demo credentials, keyed by the connector's config names (see `sluice sandbox --print-credentials --json`). */
  credentials(): unknown;
  /**
   * The key of `credentials()` in `sluice sandbox --print-credentials --json`: the connector's id, e.g.
   * `unifi-site-manager` for prefix `unifi`. Default: the prefix. A simulator without credentials returns undefined.
   */
  readonly credentialsKey?: string;
  /**
   * The upstream's own error envelope for an injected fault (e.g. Notion's `{object: "error", status, code,
   * message}`), so a client parses sandbox faults as it parses real errors. Default: `{status, error, message}`.
   */
  faultBody?(status: number, message: string): unknown;
  /** Counters for tests (e.g. requests by method and path). */
  stats?(): Record<string, unknown>;
  /** Clears per-test state such as request counters. */
  reset?(): void;
}
