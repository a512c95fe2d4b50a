import type { tabularData } from '../../../../src/dashboards/dashboard-view';
import type { z } from 'zod';
import { getJson, queryString } from '../../api/client';

export type TabularData = z.infer<typeof tabularData>;

export interface AggregateQuery {
  by?: string[];
  metric: string[];
  where?: readonly string[];
  q?: string;
  status?: string;
  sort?: string;
  limit?: number;
  tz?: string;
}

/** `GET /api/v1/streams/{stream}/aggregate`: the one aggregation engine behind summaries and dashboards. */
export function fetchAggregate(stream: string, a: AggregateQuery): Promise<TabularData> {
  return getJson<TabularData>(
    `/api/v1/streams/${encodeURIComponent(stream)}/aggregate${queryString({
      by: a.by,
      metric: a.metric,
      where: a.where,
      q: a.q,
      status: a.status,
      sort: a.sort,
      limit: a.limit,
      tz: a.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
    })}`,
  );
}
