/** A small seeded PRNG (mulberry32): the simulator's data follows from (seed, dealer, module, step) alone. */
export class SimRandom {
  private state: number;

  constructor(...seedParts: readonly (string | number)[]) {
    // FNV-1a over the parts gives well-spread 32-bit seeds from short strings.
    let h = 0x811c9dc5;
    for (const ch of seedParts.join('|')) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    this.state = h;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i += 1) s += String(this.int(0, 9));
    return s;
  }

  letters(n: number): string {
    let s = '';
    for (let i = 0; i < n; i += 1) s += String.fromCharCode(65 + this.int(0, 25));
    return s;
  }

  /** Rupiah rounded to `step` (prices end in thousands, as on real invoices). */
  rupiah(min: number, max: number, step = 1_000): number {
    return Math.round(this.int(min, max) / step) * step;
  }
}
