import type { SandboxClock } from './simulator.js';

export interface ControllableClock extends SandboxClock {
  /** Total time moved forward by `advance`, in ms (added to wall-clock time by `now()`). */
  readonly offsetMs: number;
  /** Advances one step every `stepMs` of real time (demos); returns a stop function. */
  startRealtime(stepMs: number): () => void;
  stopRealtime(): void;
}

const HOUR_SECONDS = 3_600;

/**
 * The sandbox clock: data moves only when told. `advance()` moves one step and one hour; `advance({ seconds })` alone
 * moves time only (e.g. to expire a time-based token) without changing data. Listeners run synchronously, in order,
 * so after `advance` returns every simulator has applied the step.
 */
export function createSandboxClock(opts: { wallClock?: () => number } = {}): ControllableClock {
  const wall = opts.wallClock ?? Date.now;
  const listeners: ((step: number) => void)[] = [];
  let step = 0;
  let offsetMs = 0;
  let timer: NodeJS.Timeout | undefined;

  const clock: ControllableClock = {
    get step() {
      return step;
    },
    get offsetMs() {
      return offsetMs;
    },
    now: () => new Date(wall() + offsetMs),
    advance(a = {}) {
      const steps = a.steps ?? (a.seconds !== undefined ? 0 : 1);
      const seconds = a.seconds ?? steps * HOUR_SECONDS;
      if (!Number.isInteger(steps) || steps < 0) throw new RangeError('steps must be a non-negative integer');
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('seconds must be a non-negative number');
      offsetMs += seconds * 1000;
      // One notification per step, so a simulator that applies a change per step sees each of them.
      for (let i = 0; i < steps; i += 1) {
        step += 1;
        for (const l of listeners) l(step);
      }
    },
    onAdvance(listener) {
      listeners.push(listener);
    },
    startRealtime(stepMs) {
      clock.stopRealtime();
      // Real time already flows through now(); a realtime step only moves the data.
      timer = setInterval(() => clock.advance({ steps: 1, seconds: 0 }), stepMs);
      timer.unref();
      return () => clock.stopRealtime();
    },
    stopRealtime() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return clock;
}
