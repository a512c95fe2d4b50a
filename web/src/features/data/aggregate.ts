import { api, unwrap } from '../../api/client';
import type { Get } from '../../api/types';

export type TabularData = Get<'/api/v1/streams/{stream}/aggregate'>;

export interface AggregateQuery {
  by?: string[];
  metric: string[];
  where?: readonly string[];
  q?: string;
  status?: 'active' | 'removed' | 'all';
  sort?: string;
  limit?: number;
  tz?: string;
}

/** `GET /api/v1/streams/{stream}/aggregate`: the one aggregation engine behind summaries and dashboards. */
export function fetchAggregate(stream: string, a: AggregateQuery): Promise<TabularData> {
  return unwrap(api.GET('/api/v1/streams/{stream}/aggregate', {
    params: {
      path: { stream },
      query: {
        metric: a.metric,
        ...(a.by ? { by: a.by } : {}),
        ...(a.where?.length ? { where: [...a.where] } : {}),
        ...(a.q ? { q: a.q } : {}),
        ...(a.status ? { status: a.status } : {}),
        ...(a.sort ? { sort: a.sort } : {}),
        ...(a.limit ? { limit: a.limit } : {}),
        tz: a.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
    },
  }));
}
