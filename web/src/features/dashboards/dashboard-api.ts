import type { z } from 'zod';
import type { dashboardSummary, evaluatedDashboard, evaluatedWidget } from '../../../../src/dashboards/dashboard-view';
import { getJson, queryString } from '../../api/client';

/** The evaluated dashboard contract (src/dashboards/dashboard-view.ts), shared with the engine and the terminal renderer. */
export type DashboardSummary = z.infer<typeof dashboardSummary>;
export type EvaluatedDashboard = z.infer<typeof evaluatedDashboard>;
export type EvaluatedWidget = z.infer<typeof evaluatedWidget>;

export function listDashboards(): Promise<{ items: DashboardSummary[] }> {
  return getJson('/api/v1/dashboards');
}

export function fetchDashboard(id: string, filters: Record<string, string>): Promise<EvaluatedDashboard> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) if (v) params[`f.${k}`] = v;
  return getJson(`/api/v1/dashboards/${encodeURIComponent(id)}${queryString(params)}`);
}
