import { z } from 'zod';
import { SluiceError } from '../core/errors.js';
import { aggregateRequestSchema } from '../store/aggregate-query.js';
import { DASHBOARD_ID, valueFormat } from './dashboard-view.js';

/**
 * A dashboard as a pack declares it: a page of widgets, each bound to a query, with filters the viewer sets. The
 * server evaluates it into the fixed contract of dashboard-view.ts (`evaluatedDashboard`), which the web UI and
 * `sluice dashboard show` render.
 */

const CHANGE_KINDS = ['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated'] as const;

/** Group-by and metrics over a stream's records (`GET /api/v1/streams/{stream}/aggregate`). */
export const aggregateQuerySpec = aggregateRequestSchema.extend({
  kind: z.literal('aggregate'),
  stream: z.string().min(1),
});

/**
 * Group-by and metrics over a stream's change history (`GET /api/v1/streams/{stream}/changes/aggregate`): fields
 * `at` (datetime), `kind`, `key`, `actor`, `run_id`, e.g. `by: ['at:week', 'kind']`.
 */
export const changesAggregateQuerySpec = aggregateRequestSchema.omit({ q: true, status: true }).extend({
  kind: z.literal('changes_aggregate'),
  stream: z.string().min(1),
});

/** Records of a stream, paged (a records table carries its first page and a cursor). */
export const recordsQuerySpec = z.object({
  kind: z.literal('records'),
  stream: z.string().min(1),
  /** Columns shown, in order (default: every schema field). */
  fields: z.array(z.string().min(1)).optional(),
  where: z.array(z.string().min(1)).default([]),
  q: z.string().max(200).optional(),
  status: z.enum(['active', 'removed', 'all']).default('active'),
  sort: z.string().optional(),
  pageSize: z.number().int().min(1).max(200).default(25),
});

/** The newest changes of some streams (all streams when none is named). */
export const changesQuerySpec = z.object({
  kind: z.literal('changes'),
  streams: z.array(z.string().min(1)).default([]),
  kinds: z.array(z.enum(CHANGE_KINDS)).default([]),
  /** Only changes of the last N days. */
  days: z.number().int().min(1).max(3650).optional(),
  limit: z.number().int().min(1).max(500).default(20),
});

/**
 * The job history's totals (`GET /api/v1/runs/history/totals`): one row overall, or per `connection` / `stream`, with
 * metric columns `total`, `queued`, `running`, `succeeded`, `partial`, `failed`, `cancelled`, `success_rate`
 * (succeeded ÷ finished), `avg_duration_ms` and `records_fetched`. Filter fields: `connection`, `stream`, `status`,
 * `trigger`, `started_at` (date), and `config.<key>`: connections whose (non-secret) setting equals the value (a DGI
 * dealer by its `dealer_id`).
 */
export const jobsQuerySpec = z.object({
  kind: z.literal('jobs'),
  /** Only the runs of connections of this connector (the pack's dealers). */
  connector: z.string().min(1).optional(),
  by: z.array(z.enum(['connection', 'stream'])).max(2).default([]),
  where: z.array(z.string().min(1)).default([]),
  sort: z.string().optional(),
  limit: z.number().int().min(1).max(10_000).default(1_000),
});

const tabularQuery = z.discriminatedUnion('kind', [aggregateQuerySpec, changesAggregateQuerySpec, jobsQuerySpec]);

const widgetBaseSpec = {
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/),
  title: z.string().min(1).max(200),
  description: z.string().max(2000).optional(),
  /** Twelfths of the page's width. */
  width: z.number().int().min(1).max(12).default(6),
  /**
   * Which of the dashboard's filters apply to this widget, and the field each maps to in the widget's stream
   * (`{ dealer: 'dealer_id', from: 'invoice_date' }`). For change widgets the date filters map to `at`.
   */
  filters: z.record(z.string(), z.string()).default({}),
  /** Column labels and value formats by column name (`{ sum_total: 'idr' }`). */
  labels: z.record(z.string(), z.string()).default({}),
  formats: z.record(z.string(), valueFormat).default({}),
};

export const metricWidgetSpec = z.object({
  ...widgetBaseSpec,
  type: z.literal('metric'),
  format: valueFormat.default('number'),
  query: tabularQuery,
  /** The metric column whose (first row's) value is shown; default the query's first metric. */
  value: z.string().optional(),
  /** Divides the value by this metric column of the same row (a share: completeness, success rate). */
  divideBy: z.string().optional(),
});

export const chartWidgetSpec = z.object({
  ...widgetBaseSpec,
  type: z.enum(['bar', 'line', 'pie']),
  query: tabularQuery,
  /** Category column (default: the first group column). */
  x: z.string().optional(),
  /** Metric columns (default: every metric column). */
  y: z.array(z.string()).optional(),
  /** Splits lines / bars (default: the second group column, if any). */
  series: z.string().optional(),
});

export const tableWidgetSpec = z.object({
  ...widgetBaseSpec,
  type: z.literal('table'),
  query: z.discriminatedUnion('kind', [aggregateQuerySpec, changesAggregateQuerySpec, jobsQuerySpec, recordsQuerySpec]),
});

export const mapWidgetSpec = z.object({
  ...widgetBaseSpec,
  type: z.literal('map'),
  query: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('points'),
      stream: z.string().min(1),
      lat: z.string().min(1),
      lon: z.string().min(1),
      /** The field shown as each point's label. */
      label: z.string().min(1),
      where: z.array(z.string().min(1)).default([]),
      q: z.string().max(200).optional(),
      status: z.enum(['active', 'removed', 'all']).default('active'),
      limit: z.number().int().min(1).max(20_000).default(5_000),
    }),
    z.object({
      mode: z.literal('countries'),
      stream: z.string().min(1),
      /** A field holding ISO 3166-1 alpha-2 codes. */
      country: z.string().min(1),
      /** The value per country (default `count`). */
      metric: z.string().default('count'),
      where: z.array(z.string().min(1)).default([]),
      q: z.string().max(200).optional(),
      status: z.enum(['active', 'removed', 'all']).default('active'),
    }),
  ]),
});

export const changesWidgetSpec = z.object({
  ...widgetBaseSpec,
  type: z.literal('changes'),
  query: changesQuerySpec,
});

export const widgetSpec = z.discriminatedUnion('type', [metricWidgetSpec, chartWidgetSpec, tableWidgetSpec, mapWidgetSpec, changesWidgetSpec]);
export type WidgetSpec = z.infer<typeof widgetSpec>;

export const dashboardFilterSpec = z.object({
  /** Passed as the query parameter `f.<name>`. */
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/),
  label: z.string().min(1).max(200),
  /** select: equals one value; text: contains; date_from: on or after; date_to: on or before (whole day). */
  type: z.enum(['select', 'text', 'date_from', 'date_to']),
  /** For selects: fixed options, or the distinct values of a field (with an optional label field). */
  options: z
    .union([
      z.array(z.object({ value: z.string(), label: z.string() })),
      z.object({ stream: z.string().min(1), field: z.string().min(1), labelField: z.string().optional(), limit: z.number().int().min(1).max(1000).default(200) }),
    ])
    .optional(),
  /** Applied when the request does not set it. */
  default: z.string().optional(),
});
export type DashboardFilterSpec = z.infer<typeof dashboardFilterSpec>;

export const dashboardSpec = z
  .object({
    id: z.string().regex(DASHBOARD_ID),
    title: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    /** The parent page (DGI: one page per job type under the dgi-dealers home). */
    parent: z.string().regex(DASHBOARD_ID).optional(),
    /** Order among siblings. */
    position: z.number().int().default(0),
    /** Default time zone of every time bucket on the page (a query's own `tz` wins). */
    tz: z.string().optional(),
    filters: z.array(dashboardFilterSpec).default([]),
    widgets: z.array(widgetSpec).min(1),
  })
  .superRefine((d, ctx) => {
    const ids = d.widgets.map((w) => w.id);
    for (const dup of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) {
      ctx.addIssue({ code: 'custom', path: ['widgets'], message: `widget id "${dup}" is used twice` });
    }
    const filters = d.filters.map((f) => f.name);
    for (const dup of new Set(filters.filter((n, i) => filters.indexOf(n) !== i))) {
      ctx.addIssue({ code: 'custom', path: ['filters'], message: `filter "${dup}" is declared twice` });
    }
    d.widgets.forEach((w, i) => {
      for (const name of Object.keys(w.filters)) {
        if (!filters.includes(name)) ctx.addIssue({ code: 'custom', path: ['widgets', i, 'filters', name], message: `no filter named "${name}" on this dashboard` });
      }
    });
    if (d.parent === d.id) ctx.addIssue({ code: 'custom', path: ['parent'], message: 'a dashboard cannot be its own parent' });
  });

export type DashboardSpecInput = z.input<typeof dashboardSpec>;
export type DashboardSpec = z.infer<typeof dashboardSpec>;

/** Validates a declaration, listing every problem at once. */
export function parseDashboardSpec(input: unknown): DashboardSpec {
  const r = dashboardSpec.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || 'dashboard'}: ${i.message}`);
    const id = (input as { id?: unknown } | null)?.id;
    throw new SluiceError('validation_failed', `invalid dashboard${typeof id === 'string' ? ` "${id}"` : ''}: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return r.data;
}
