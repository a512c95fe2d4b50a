import type { SimDealer } from './dgi-sim-dealers.js';
import type { SimRandom } from './dgi-sim-random.js';

/** A nested array item (unit, part, service line…) with its own audit times, as the spec requires. */
export interface SimItem {
  createdAt: number;
  modifiedAt: number;
  fields: Record<string, unknown>;
}

/** One document as the MD's DMS holds it; serialised to the spec's JSON on each request. */
export interface SimDoc {
  readonly id: string;
  readonly createdAt: number;
  modifiedAt: number;
  fields: Record<string, unknown>;
  arrays: Record<string, SimItem[]>;
}

export interface SimCreated {
  readonly fields: Record<string, unknown>;
  readonly arrays?: Record<string, Record<string, unknown>[]>;
}

export interface GenContext {
  readonly r: SimRandom;
  readonly dealer: SimDealer;
  /** The instant of this change (ms). */
  readonly at: number;
  /** Per dealer and module: 1, 2, 3 … */
  readonly seq: number;
  /** `PREFIX/<dealer>/YY/MM/<seq>`, the spec's document number pattern. */
  docNo(prefix: string, width?: number): string;
  /** A random document of another module of this dealer, if any. */
  related(module: string): SimDoc | undefined;
  /** The newest `module` document whose `field` is not yet used as `byField` by a `byModule` document. */
  unclaimed(module: string, field: string, byModule: string, byField: string): SimDoc | undefined;
  /** A new array item stamped `at`. */
  item(fields: Record<string, unknown>): SimItem;
  /** Marks an existing item modified `at`. */
  touch(item: SimItem): void;
}

export interface SimModule {
  /** Path segment: `/dgi-api/v1.3/<module>/read`. */
  readonly module: string;
  readonly idField: string;
  /** The endpoint's optional request filters → the field they match in the record or its items. */
  readonly filters: Readonly<Record<string, string>>;
  create(g: GenContext): SimCreated;
  /** Changes a document the way a dealer's day does (status moves on, a line is added); the world stamps the times. */
  modify(g: GenContext, doc: SimDoc): void;
}

/** Next value of a status code list ("1" → "2"), staying on the last one. */
export function nextStatus(current: unknown, order: readonly string[]): string {
  const i = order.indexOf(String(current));
  return order[Math.min(order.length - 1, i + 1)] ?? order[0] ?? '';
}
