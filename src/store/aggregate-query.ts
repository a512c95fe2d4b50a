import { z } from 'zod';

/** Time buckets a date or datetime field can be grouped by (`by=created_at:week`). */
export const TIME_BUCKETS = ['day', 'week', 'month'] as const;
export type TimeBucket = (typeof TIME_BUCKETS)[number];

/** Metric functions: `count`, `count:field` (non-empty values), `count_distinct:field`, `sum|avg:numeric field`, `min|max:numeric or date field`. */
export const METRIC_FUNCTIONS = ['count', 'count_distinct', 'sum', 'avg', 'min', 'max'] as const;
export type MetricFunction = (typeof METRIC_FUNCTIONS)[number];

export const AGGREGATE_DEFAULT_LIMIT = 1000;
export const AGGREGATE_MAX_LIMIT = 10_000;

/**
 * An aggregate query exactly as `GET /api/v1/streams/{stream}/aggregate` takes it in its query string, so a dashboard
 * widget's declaration, a URL and `sluice stats` flags are the same words.
 *
 * - `by`: `field` or `field:day|week|month` (bucket columns are named `<field>_<bucket>`, ISO dates in `tz`).
 * - `metrics`: `count`, `count_distinct:field`, `sum:field`, `avg:field`, `min:field`, `max:field`; also `count:field`
 *   (rows where the field is not empty: completeness). Columns: `count`, `count_distinct_<f>`, `sum_<f>`, `count_<f>`…
 * - `where`, `q`, `status`: exactly as the records endpoint (`field:op:value`).
 * - `sort`: a group or metric column name, `-` for descending; `limit` default 1000, max 10000.
 */
export interface AggregateRequest {
  readonly by: readonly string[];
  readonly metrics: readonly string[];
  readonly where?: readonly string[] | undefined;
  readonly q?: string | undefined;
  readonly status?: 'active' | 'removed' | 'all' | undefined;
  /** IANA time zone buckets are computed in (default UTC). */
  readonly tz?: string | undefined;
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
}

/** The same request as a zod schema, for declarations (dashboards, packs). */
export const aggregateRequestSchema = z.object({
  by: z.array(z.string().min(1)).default([]),
  metrics: z.array(z.string().min(1)).min(1).default(['count']),
  where: z.array(z.string().min(1)).default([]),
  q: z.string().max(200).optional(),
  status: z.enum(['active', 'removed', 'all']).default('active'),
  tz: z.string().optional(),
  sort: z.string().optional(),
  limit: z.number().int().min(1).max(AGGREGATE_MAX_LIMIT).optional(),
});
