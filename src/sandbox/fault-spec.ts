import { z } from 'zod';

/**
 * What can go wrong upstream, switchable at runtime (POST /_admin/faults or `sandbox.faults.set`):
 * - `rate_limit`: 429 with Retry-After (`retryAfter` seconds, as delta-seconds, an HTTP-date or omitted);
 * - `error`: any status (default 500), e.g. 503 for "one region down" scoped by `query` or `path`;
 * - `unauthorized`: 401 (`reason` "expired" or "invalid"); `conflict`: 409;
 * - `delay`: answers normally after `delayMs` (slow upstream → client timeouts);
 * - `hang`: accepts the request and never answers (hung connection);
 * - `reset`: closes the connection without a response (network error);
 * - `malformed_json`: the real response, cut so it no longer parses (complete transfer, status 200);
 * - `truncated`: the real response with its full Content-Length, cut off mid-body and the connection closed.
 */
export const FAULT_KINDS = [
  'rate_limit', 'error', 'unauthorized', 'conflict', 'delay', 'hang', 'reset', 'malformed_json', 'truncated',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultSpecSchema = z.strictObject({
  /** Simulator prefix (`notion`, `dgi`, …) or `*` for all of them. */
  prefix: z.string().min(1),
  kind: z.enum(FAULT_KINDS),
  method: z.string().min(1).optional(),
  /** Path after the prefix; `*` matches any run of characters (`/v1/data_sources/*\/query`). Default: every path. */
  path: z.string().min(1).optional(),
  /** Query parameters that must all be present with these values (e.g. `{ region: "eu" }`). */
  query: z.record(z.string(), z.string()).optional(),
  status: z.number().int().min(100).max(599).optional(),
  /** Seconds to ask the client to wait (429, or 503 with `error`). */
  retryAfter: z.number().min(0).optional(),
  retryAfterFormat: z.enum(['seconds', 'http-date', 'none']).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Probability (0–1) that a matching request is hit, drawn from the sandbox's seeded generator. Default 1. */
  rate: z.number().min(0).max(1).optional(),
  /** Hit only the next `count` matching requests, then the fault removes itself. Default: until cleared. */
  count: z.number().int().min(1).optional(),
  /** Response body instead of the simulator's own error envelope. */
  body: z.unknown().optional(),
  /** For `unauthorized`: why the credential is refused. */
  reason: z.enum(['expired', 'invalid']).optional(),
});

export type FaultSpec = z.input<typeof faultSpecSchema>;

export interface Fault extends Readonly<FaultSpec> {
  readonly id: string;
  /** Hits left when `count` was given. */
  readonly remaining: number | undefined;
  /** Requests this fault has been applied to. */
  readonly hits: number;
}

export interface FaultFilter {
  readonly id?: string;
  readonly prefix?: string;
}

/** Typed in-process control of the faults (tests), the same operations as the /_admin/faults routes. */
export interface FaultControl {
  /** Adds faults (validated; throws a ZodError on a bad spec); they apply in the order they were set. */
  readonly set: { (spec: FaultSpec): Fault; (specs: readonly FaultSpec[]): Fault[] };
  /** Removes the matching faults (all when no filter); returns how many were removed. */
  readonly clear: (filter?: FaultFilter) => number;
  readonly list: () => Fault[];
}
