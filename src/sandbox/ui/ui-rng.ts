import { SeededRandom } from '../../core/seeded-random.js';

/** The ui.com simulator's view of the shared PRNG: the simulated world must be identical for the same (seed, step) on every run. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function createRng(...seeds: readonly number[]): Rng {
  // Mix all seed parts into one 32-bit state so (seed, step) pairs do not collide trivially.
  let a = 0x9e3779b9;
  for (const s of seeds) a = Math.imul(a ^ (s >>> 0), 0x85ebca6b) ^ (a >>> 13);
  const r = new SeededRandom(a);
  const int = (n: number): number => r.int(0, n - 1);
  return {
    next: () => r.next(),
    int,
    between: (min, max) => r.int(min, max),
    chance: (p) => r.chance(p),
    pick: <T>(items: readonly T[]): T => r.pick(items),
  };
}
