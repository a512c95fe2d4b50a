import { z } from 'zod';

/**
 * The evaluated shape of a dashboard, as `GET /api/v1/dashboards/{id}` returns it: the one contract between the
 * dashboard engine (which evaluates a pack's declaration) and its two renderers (the web UI and
 * `sluice dashboard show`). Renderers draw any dashboard from this alone: no pack-specific UI code.
 */

export const DASHBOARD_ID = /^[a-z0-9][a-z0-9_.-]{0,99}$/;

/** A value's display format; money formats carry their currency and locale (DGI: Rupiah in id-ID). */
export const valueFormat = z.enum(['number', 'integer', 'percent', 'idr', 'usd', 'eur', 'date', 'datetime', 'text']);
export type ValueFormat = z.infer<typeof valueFormat>;

export const dataColumn = z.object({
  name: z.string(),
  label: z.string(),
  /** `group` columns are the dimensions of an aggregate, `metric` columns its measures; `field` is a record field. */
  role: z.enum(['group', 'metric', 'field']),
  type: z.enum(['string', 'number', 'boolean', 'date', 'datetime']),
  format: valueFormat.optional(),
});
export type DataColumn = z.infer<typeof dataColumn>;

export const dataRow = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
export type DataRow = z.infer<typeof dataRow>;

/** Rows plus their columns: what bar, line, pie and table widgets carry. */
export const tabularData = z.object({ columns: z.array(dataColumn), rows: z.array(dataRow) });

export const dashboardFilter = z.object({
  /** Passed back as the query parameter `f.<name>` of the dashboard request. */
  name: z.string(),
  label: z.string(),
  type: z.enum(['select', 'text', 'date_from', 'date_to']),
  /** For selects: the values present in the data (value + label). */
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  /** The value applied in this evaluation, if any. */
  value: z.string().nullable(),
});
export type DashboardFilter = z.infer<typeof dashboardFilter>;

/**
 * Where a widget's numbers come from, so a renderer can link to the underlying rows (Data explorer) and export them
 * through the records API with exactly the filters the widget used.
 */
export const widgetSource = z.object({
  stream: z.string(),
  where: z.array(z.string()).describe('records-endpoint filters, field:op:value'),
  q: z.string().optional(),
  status: z.enum(['active', 'removed', 'all']),
});

const widgetBase = {
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  /** Share of the page's width in twelfths (12 = full width). */
  width: z.number().int().min(1).max(12),
  source: widgetSource.optional(),
  /** Set when this widget could not be evaluated; the rest of the dashboard still renders. */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
};

export const metricWidget = z.object({
  ...widgetBase,
  type: z.literal('metric'),
  format: valueFormat,
  data: z.object({ value: z.number().nullable() }),
});

/** bar / line / pie: `x` is the category (or time bucket) column, `y` the metric column(s); `series` splits lines. */
export const chartWidget = z.object({
  ...widgetBase,
  type: z.enum(['bar', 'line', 'pie']),
  x: z.string(),
  y: z.array(z.string()).min(1),
  series: z.string().optional(),
  data: tabularData,
});

/**
 * A table. Aggregate tables carry all their rows; a records table (`paged`) carries the first page and the records
 * query behind it (`source`), so a renderer pages and exports it through `/api/v1/streams/{stream}/records|export`.
 */
export const tableWidget = z.object({
  ...widgetBase,
  type: z.literal('table'),
  paged: z.boolean(),
  sort: z.string().optional(),
  next_cursor: z.string().nullable().optional(),
  data: tabularData,
});

export const mapPoint = z.object({ lat: z.number(), lon: z.number(), label: z.string(), key: z.string().optional() });

export const mapWidget = z.object({
  ...widgetBase,
  type: z.literal('map'),
  data: z.union([
    z.object({ mode: z.literal('points'), points: z.array(mapPoint) }),
    /** ISO 3166-1 alpha-2 country codes with a value each. */
    z.object({ mode: z.literal('countries'), countries: z.array(z.object({ code: z.string(), value: z.number() })) }),
  ]),
});

export const changeFeedItem = z.object({
  id: z.number().int(),
  run_id: z.string().nullable(),
  stream: z.string(),
  key: z.string(),
  kind: z.string(),
  fields: z.record(z.string(), z.unknown()).nullable(),
  actor: z.string().nullable(),
  at: z.string(),
});

export const changesWidget = z.object({
  ...widgetBase,
  type: z.literal('changes'),
  data: z.object({ items: z.array(changeFeedItem) }),
});

export const evaluatedWidget = z.discriminatedUnion('type', [metricWidget, chartWidget, tableWidget, mapWidget, changesWidget]);
export type EvaluatedWidget = z.infer<typeof evaluatedWidget>;

export const dashboardSummary = z.object({
  id: z.string().regex(DASHBOARD_ID),
  title: z.string(),
  description: z.string().optional(),
  /** The pack that declares it. */
  pack: z.string().optional(),
  /** A sub-page's parent dashboard (e.g. one page per DGI job type under the dgi-dealers home). */
  parent: z.string().optional(),
});
export type DashboardSummary = z.infer<typeof dashboardSummary>;

export const evaluatedDashboard = dashboardSummary.extend({
  filters: z.array(dashboardFilter),
  widgets: z.array(evaluatedWidget),
  /** Sub-pages of this dashboard, for navigation. */
  pages: z.array(dashboardSummary),
  evaluated_at: z.string(),
});
export type EvaluatedDashboard = z.infer<typeof evaluatedDashboard>;
