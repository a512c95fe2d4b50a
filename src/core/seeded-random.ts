/**
 * The one seeded PRNG (mulberry32): simulators, generated sample data and fault rates follow from their seed alone, so
 * the same seed gives the same sequence on every run and machine.
 */
export class SeededRandom {
  private state: number;

  /** From a raw 32-bit state. */
  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** From a seed and a salt, mixed so that (42, 1) and (43, 0) do not start from the same state. */
  static salted(seed: number, salt = 0): SeededRandom {
    return new SeededRandom(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 0x7f4a7c15, 0xc2b2ae35));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Upper-case hex string of `length` characters. */
  hex(length: number): string {
    let s = '';
    while (s.length < length) s += Math.floor(this.next() * 16).toString(16);
    return s.toUpperCase();
  }

  /** An RFC 4122 version-4 shaped UUID (lower case), deterministic. */
  uuid(): string {
    const h = this.hex(32).toLowerCase();
    const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
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
}

/** FNV-1a, 32 bits: well-spread seeds from short strings. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
