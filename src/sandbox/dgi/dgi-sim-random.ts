import { fnv1a, SeededRandom } from '../../core/seeded-random.js';

/** The DGI simulator's generator: its data follows from (seed, dealer, module, step) alone. */
export class SimRandom extends SeededRandom {
  constructor(...seedParts: readonly (string | number)[]) {
    super(fnv1a(seedParts.join('|')));
  }

  /** Rupiah rounded to `step` (prices end in thousands, as on real invoices). */
  rupiah(min: number, max: number, step = 1_000): number {
    return Math.round(this.int(min, max) / step) * step;
  }
}
