import type { z } from 'zod';
import type { Logger } from '../observability/logger.js';
import type { HttpClientFactory } from '../http/http-client.js';
import type { ReadRange } from './read-range.js';
import type { StreamSchema, SyncMode } from './stream-schema.js';

/** A config field as the UI renders it (the manifest's JSON schema is generated from `configSchema`). */
export interface ConfigFieldInfo {
  readonly name: string;
  readonly label: string;
  readonly secret?: boolean;
  readonly required?: boolean;
  readonly description?: string;
}

export interface ConnectorManifest<C> {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** zod schema of the whole connection config (secrets included); validated once when a connection is saved. */
  readonly configSchema: z.ZodType<C>;
  /** Names of config keys holding secrets: encrypted at rest, write-only through the API, redacted from logs. */
  readonly secrets: readonly string[];
  readonly fields: readonly ConfigFieldInfo[];
}

/** The result of `check()`: a value, never a throw. */
export interface CheckResult {
  readonly ok: boolean;
  /** Precise and human-readable: "the API key was rejected (401)", "clock skew of 14 s exceeds 10 s", … */
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export interface ConnectorContext {
  readonly logger: Logger;
  readonly http: HttpClientFactory;
  readonly signal: AbortSignal;
  /** Injected clock (tests move time without sleeping). */
  readonly now: () => Date;
  /** Default phone region for normalisation, from config. */
  readonly defaultPhoneRegion: string;
}

/** What a stream's reader yields. Expected problems are values, not throws. */
export type SourceMessage =
  | { readonly type: 'record'; readonly data: Record<string, unknown>; readonly line?: number }
  /** A record the source itself could not parse (bad CSV row): quarantined with its reason, the run goes on. */
  | { readonly type: 'invalid'; readonly raw: unknown; readonly reasons: readonly string[]; readonly line?: number }
  /**
   * Part of the source could not be read (one region down, one page failed after retries). The run ends `partial`.
   * `protect(storedData)` says which stored records must not be inferred removed because of the gap; when omitted,
   * no removal is inferred at all in this run.
   */
  | {
      readonly type: 'incomplete';
      readonly reason: string;
      readonly protect?: (storedData: Record<string, unknown>) => boolean;
    };

export interface ReadContext<C> extends ConnectorContext {
  readonly config: C;
  /** The stream's committed state from the last successful run (undefined on the first run or with --full). */
  readonly state: unknown;
  readonly full: boolean;
}

/** Nested arrays become child streams with their own keys, so a re-fetch never duplicates children. */
export interface ChildStreamDef {
  readonly name: string;
  /** Field of the parent record holding the array. */
  readonly path: string;
  readonly schema: StreamSchema;
  /**
   * The child's key within its parent (combined with the parent key by the pipeline). Given the child item and its
   * index; use stable business fields (job id, part number) and fall back to the index only when there are none.
   */
  readonly key: (item: Record<string, unknown>, index: number) => string;
}

/**
 * A stream that can read a given range of source time (a manual run `--from/--to`) besides "since the cursor".
 * `plan` runs before any request, so a range the source cannot serve is refused up front.
 */
export interface RangeReadSupport<C> {
  /** The zone in which `--from 2026-11-01` means a whole day (the source's own clock). */
  timeZone(config: C): string;
  /**
   * Validates the range and cuts it into the windows the source allows, oldest first. Throws `range_refused` naming
   * the part it cannot serve and why (older than the source keeps, …).
   */
  plan(config: C, range: ReadRange, now: Date): readonly ReadRange[];
  /** Reads exactly the planned windows. */
  read(ctx: ReadContext<C>, windows: readonly ReadRange[]): AsyncIterable<SourceMessage>;
  /**
   * Pure: the stream's state after a complete range read, given the stored state and `folded` (the stored state with
   * `nextState` applied to every record read). Must never move the cursor backwards, nor forwards past data the
   * stored cursor and the range together cover (DESIGN.md §2 invariant 2). Omitted: the state stays as it was.
   */
  stateAfter?(state: unknown, range: ReadRange, folded: unknown): unknown;
}

export interface StreamDef<C = unknown> {
  readonly name: string;
  /** Other names a person may use for the stream (`pkb` for `dgi_pkb`: the upstream's own job-type names). */
  readonly aliases?: readonly string[];
  /** Fields whose values, joined, form the record key. */
  readonly primaryKey: readonly string[];
  readonly schema: StreamSchema;
  readonly syncMode: SyncMode;
  readonly cursorField?: string;
  readonly children?: readonly ChildStreamDef[];
  read(ctx: ReadContext<C>): AsyncIterable<SourceMessage>;
  /** Pure: the state after `record` has been stored. Committed only when the run completes. */
  nextState?(state: unknown, record: Record<string, unknown>): unknown;
  /** Present when the stream can read an explicit range of source time (manual runs). */
  readonly range?: RangeReadSupport<C>;
}

export interface SourceConnector<C = Record<string, unknown>> {
  readonly manifest: ConnectorManifest<C>;
  check(config: C, ctx: ConnectorContext): Promise<CheckResult>;
  /** Streams may depend on the config (a CSV connection declares its own). */
  streams(config: C): readonly StreamDef<C>[];
}
