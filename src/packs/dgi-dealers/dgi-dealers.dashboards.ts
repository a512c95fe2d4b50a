import { DGI_MODULES } from '../../connectors/dgi/dgi-streams.js';
import { DGI_JOB_TYPE_STATS, type JobTypeStat, type JobTypeStats } from './job-type-stats.js';

/**
 * The dgi-dealers analytics (PACKS.md §4): a home page and one page per job type with filters (dealer, date range,
 * status fields, document search), the job type's summary statistics (money in Rupiah), breakdowns and a paged
 * records table (exported through the records API with the page's filters). Declared with dashboard-spec.ts.
 */

export const DGI_HOME_ID = 'dgi-dealers';
export const pageIdOf = (jobType: string): string => `dgi-dealers-${jobType.replace(/_/g, '-')}`;

/** The aggregate engine's column name for a metric: `count`, `sum_<f>`, `avg_<f>`, `count_distinct_<f>`. */
export const metricColumn = (metric: string): string => metric.replace(':', '_');

const childOf = (j: JobTypeStats, stream: string) => stream !== j.stream;

function statWidget(j: JobTypeStats, s: JobTypeStat) {
  // Child rows carry the dealer; their own createdTime stands in for the document date; status fields are the parent's.
  const filters: Record<string, string> = childOf(j, s.stream)
    ? { dealer: 'dealerId', from: 'createdTime', to: 'createdTime' }
    : { dealer: 'dealerId', from: j.dateField, to: j.dateField, ...Object.fromEntries(j.statusFields.map((f) => [statusFilterName(f), f])) };
  const query = { kind: 'aggregate' as const, stream: s.stream, metrics: [s.metric], where: [...(s.where ?? [])], ...(s.by ? { by: [...s.by], sort: `-${metricColumn(s.metric)}` } : {}) };
  const col = metricColumn(s.metric);
  if (s.by?.length) {
    return { id: s.id.replace(/_/g, '-'), title: s.label, type: 'bar' as const, width: 6, filters, query, formats: { [col]: s.format }, labels: { [col]: s.label } };
  }
  return { id: s.id.replace(/_/g, '-'), title: s.label, type: 'metric' as const, width: 3, format: s.format, filters, query, value: col };
}

const statusFilterName = (field: string) => `s_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`.slice(0, 60);

function jobTypePage(j: JobTypeStats, position: number) {
  const def = DGI_MODULES.find((m) => m.jobType === j.jobType)!;
  return {
    id: pageIdOf(j.jobType),
    parent: DGI_HOME_ID,
    position,
    title: j.title,
    description: `${j.title} (${j.jobType}) of every active dealer, from DGI ${def.endpoint}`,
    tz: 'Asia/Jakarta',
    filters: [
      { name: 'dealer', label: 'Dealer', type: 'select' as const, options: { stream: j.stream, field: 'dealerId' } },
      { name: 'from', label: 'From', type: 'date_from' as const },
      { name: 'to', label: 'To', type: 'date_to' as const },
      ...j.statusFields.map((f) => ({ name: statusFilterName(f), label: f, type: 'select' as const, options: { stream: j.stream, field: f } })),
      { name: 'search', label: `Search ${def.idField}`, type: 'text' as const },
    ],
    widgets: [
      ...j.stats.map((s) => statWidget(j, s)),
      {
        id: 'records',
        title: `${j.title}: documents`,
        type: 'table' as const,
        width: 12,
        filters: { dealer: 'dealerId', from: j.dateField, to: j.dateField, search: def.idField, ...Object.fromEntries(j.statusFields.map((f) => [statusFilterName(f), f])) },
        query: { kind: 'records' as const, stream: j.stream, sort: `-${j.dateField}`, pageSize: 50 },
      },
    ],
  };
}

/** The dealers' job history (`sluice jobs totals`): a dealer filter picks its connection by `dealer_id`. */
const JOB_FILTERS = { dealer: 'config.dealer_id', from: 'started_at', to: 'started_at' };
const jobs = (extra: Record<string, unknown> = {}) => ({ kind: 'jobs' as const, connector: 'dgi', ...extra });

function jobWidgets() {
  return [
    { id: 'jobs', title: 'Jobs (dealer × job type runs)', type: 'metric' as const, width: 3, format: 'integer' as const, filters: JOB_FILTERS, query: jobs(), value: 'total' },
    { id: 'success-rate', title: 'Success rate', description: 'Succeeded ÷ finished runs (partial, failed and cancelled count against it)', type: 'metric' as const, width: 3, format: 'percent' as const, filters: JOB_FILTERS, query: jobs(), value: 'success_rate' },
    { id: 'failed-jobs', title: 'Failed jobs', type: 'metric' as const, width: 3, format: 'integer' as const, filters: JOB_FILTERS, query: jobs(), value: 'failed' },
    { id: 'avg-duration', title: 'Average job duration (ms)', type: 'metric' as const, width: 3, format: 'integer' as const, filters: JOB_FILTERS, query: jobs(), value: 'avg_duration_ms' },
    {
      id: 'jobs-by-dealer', title: 'Dealers with the lowest success rate', type: 'table' as const, width: 12, filters: JOB_FILTERS,
      query: jobs({ by: ['connection'], sort: 'success_rate', limit: 20 }),
    },
  ];
}

function homePage() {
  return {
    id: DGI_HOME_ID,
    title: 'Honda dealers (DGI)',
    description: 'Jobs and their success rate, documents per job type and dealer, and how they change week by week; one page per job type below',
    tz: 'Asia/Jakarta',
    filters: [
      { name: 'dealer', label: 'Dealer', type: 'select' as const, options: { stream: 'dgi_pkb', field: 'dealerId' } },
      { name: 'from', label: 'From', type: 'date_from' as const },
      { name: 'to', label: 'To', type: 'date_to' as const },
    ],
    widgets: [
      ...jobWidgets(),
      ...DGI_JOB_TYPE_STATS.map((j) => ({
        id: `count-${j.jobType.replace(/_/g, '-')}`,
        title: j.title,
        type: 'metric' as const,
        width: 2,
        format: 'integer' as const,
        filters: { dealer: 'dealerId', from: j.dateField, to: j.dateField },
        query: { kind: 'aggregate' as const, stream: j.stream, metrics: ['count'] },
      })),
      { id: 'workshop-by-dealer', title: 'Work orders by dealer', type: 'bar' as const, width: 6, filters: { dealer: 'dealerId', from: 'tanggalServis', to: 'tanggalServis' }, query: { kind: 'aggregate' as const, stream: 'dgi_pkb', by: ['dealerId'], metrics: ['count'], sort: '-count' } },
      { id: 'invoices-by-dealer', title: 'Workshop invoices by dealer (Rp)', type: 'bar' as const, width: 6, filters: { dealer: 'dealerId', from: 'tanggalNJB', to: 'tanggalNJB' }, formats: { sum_totalHargaNJB: 'idr' as const, sum_totalHargaNSC: 'idr' as const }, query: { kind: 'aggregate' as const, stream: 'dgi_inv2', by: ['dealerId'], metrics: ['sum:totalHargaNJB', 'sum:totalHargaNSC'] } },
      { id: 'weekly-workshop', title: 'Work orders per week', type: 'line' as const, width: 6, filters: { from: 'at', to: 'at' }, query: { kind: 'changes_aggregate' as const, stream: 'dgi_pkb', by: ['at:week', 'kind'], metrics: ['count'], where: ['kind:in:created|updated'] } },
      { id: 'weekly-sales', title: 'Prospects and SPK per week', type: 'line' as const, width: 6, filters: { dealer: 'dealerId', from: 'tanggalProspect', to: 'tanggalProspect' }, query: { kind: 'aggregate' as const, stream: 'dgi_prospect', by: ['tanggalProspect:week'], metrics: ['count'] } },
    ],
  };
}

export const DGI_DEALERS_DASHBOARDS = [homePage(), ...DGI_JOB_TYPE_STATS.map((j, i) => jobTypePage(j, i + 1))];

/**
 * Indexes of the pages' documents tables: each filter (dealer, a status field, none) followed by the business date the
 * table is sorted on (newest first), so a page of 50 is an index walk whatever the filters; child rows by dealer for
 * the statistics a rollup cannot answer (distinct counts, empty dates).
 */
export const DGI_DEALERS_INDEXES = DGI_JOB_TYPE_STATS.flatMap((j) => {
  const def = DGI_MODULES.find((m) => m.jobType === j.jobType)!;
  return [
    { stream: j.stream, fields: ['dealerId'], sort: j.dateField },
    { stream: j.stream, fields: [], sort: j.dateField },
    ...j.statusFields.map((f) => ({ stream: j.stream, fields: [f], sort: j.dateField })),
    ...def.children.map((c) => ({ stream: c.stream, fields: ['dealerId'] })),
  ];
});

/**
 * Rollups the statistics read (counts, sums and averages per dealer and day, and per the fields a page groups or
 * filters by): one narrow rollup per stream (dealer × day) for the common case, one wide (dealer × every status,
 * breakdown and filter field × day) for the others. A child stream's day is its own createdTime, as its widgets filter.
 */
export const DGI_DEALERS_ROLLUPS = DGI_JOB_TYPE_STATS.flatMap((j) => {
  const streams = [...new Set(j.stats.map((s) => s.stream))];
  return streams.flatMap((stream) => {
    const stats = j.stats.filter((s) => s.stream === stream);
    const measures = [...new Set(stats.flatMap((s) => (/^(sum|avg):/.test(s.metric) ? [s.metric.split(':')[1]!] : [])))];
    const parent = stream === j.stream;
    const day = parent ? j.dateField : 'createdTime';
    const extra = [
      ...(parent ? j.statusFields : []),
      ...stats.flatMap((s) => [...(s.by ?? []), ...(s.where ?? []).filter((w) => !/:(not)?null$/.test(w)).map((w) => w.split(':')[0]!)]),
    ];
    const wide = [...new Set(extra)].filter((f) => f !== 'dealerId');
    return [
      { stream, dims: ['dealerId'], day, measures },
      ...(wide.length ? [{ stream, dims: ['dealerId', ...wide], day, measures }] : []),
    ];
  });
});
