import type { ResolvableRecord } from '../resolve/resolve-types.js';

/** One stored stream record as an expander receives it. */
export interface ExpanderRow {
  readonly key: string;
  readonly data: Record<string, unknown>;
  readonly observedAt: string;
}

/** A value the expander could not use: quarantined on the stream at `<key>` or `<key>.<field>[<index>]`. */
export interface ExpanderIssue {
  readonly source: string;
  readonly sourceKey: string;
  readonly memberIndex: number | null;
  readonly problem: string;
}

/**
 * A pure function turning one stream record into the resolver's input records — several when the record holds a list
 * of people (a team page's members). Packs register theirs by name; an entity template names it with `expand`.
 */
export type EntityExpander = (row: ExpanderRow, ctx: { readonly region: string }) => { records: ResolvableRecord[]; issues: ExpanderIssue[] };

const expanders = new Map<string, EntityExpander>();

/** Registering the same function twice is harmless; another function under a taken name is a programming error. */
export function registerEntityExpander(name: string, fn: EntityExpander): void {
  const prior = expanders.get(name);
  if (prior && prior !== fn) throw new Error(`a different entity expander is already registered as "${name}"`);
  expanders.set(name, fn);
}

export function getEntityExpander(name: string): EntityExpander | undefined {
  return expanders.get(name);
}
