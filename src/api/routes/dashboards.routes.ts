import { z } from 'zod';
import { SluiceError } from '../../core/errors.js';
import { listDashboards, summaryOf } from '../../dashboards/dashboard-store.js';
import { dashboardSummary, evaluatedDashboard } from '../../dashboards/dashboard-view.js';
import { evaluateDashboard } from '../../dashboards/evaluate-dashboard.js';
import type { RouteModule } from '../api-deps.js';

/** `f.<name>=value` query parameters: the dashboard's filter values. */
export function dashboardFilterParams(query: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const problems: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (!k.startsWith('f.')) continue;
    if (Array.isArray(v)) problems.push(`${k}: given more than once`);
    else if (typeof v === 'string') out[k.slice(2)] = v;
  }
  if (problems.length) throw new SluiceError('validation_failed', `invalid dashboard filters: ${problems.join('; ')}`, { details: { problems } });
  return out;
}

export const dashboardRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['dashboards'];

  f.get('/api/v1/dashboards', {
    config: { auth: 'data:read' },
    schema: { tags, summary: 'Dashboards (pages declared by packs); sub-pages name their parent', response: { 200: z.object({ items: z.array(dashboardSummary) }) } },
  }, async () => ({ items: (await listDashboards(db)).map(summaryOf) }));

  f.get('/api/v1/dashboards/:id', {
    config: { auth: 'data:read' },
    schema: {
      tags,
      summary: 'One dashboard evaluated: filters (with options and applied values) and every widget with its data; filter with f.<name>=value',
      params: z.object({ id: z.string().min(1).max(100) }),
      // An open object (not z.record): a record turns into bogus query parameters (type, propertyNames…) in the
      // OpenAPI document, which breaks clients generated from it. The filters are described in the summary.
      querystring: z.looseObject({}),
      response: { 200: evaluatedDashboard },
    },
  }, async (req) => evaluateDashboard(db, req.params.id, { filters: dashboardFilterParams(req.query), now: deps.now() }));
};
