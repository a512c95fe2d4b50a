import { api, queryString, unwrap } from '../../api/client';
import type { Get } from '../../api/types';

/** The evaluated dashboard contract, as the generated client types it from the OpenAPI document. */
export type DashboardSummary = Get<'/api/v1/dashboards'>['items'][number];
export type EvaluatedDashboard = Get<'/api/v1/dashboards/{id}'>;
export type EvaluatedWidget = EvaluatedDashboard['widgets'][number];

export function listDashboards(): Promise<{ items: DashboardSummary[] }> {
  return unwrap(api.GET('/api/v1/dashboards'));
}

/**
 * Filter values travel as `f.<name>=value`: names are the dashboard's own, so the OpenAPI document cannot list them;
 * the query string is serialized here and the answer stays typed.
 */
export function fetchDashboard(id: string, filters: Record<string, string>): Promise<EvaluatedDashboard> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v) params[`f.${k}`] = v;
  const qs = queryString(params).slice(1);
  return unwrap(api.GET('/api/v1/dashboards/{id}', { params: { path: { id } }, querySerializer: () => qs }));
}
