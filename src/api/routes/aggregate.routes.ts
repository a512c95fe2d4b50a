import { z } from 'zod';
import { tabularData } from '../../dashboards/dashboard-view.js';
import { aggregateChanges, aggregateStream } from '../../store/run-aggregate.js';
import type { RouteModule } from '../api-deps.js';

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const repeatable = z.union([z.string(), z.array(z.string())]).optional();
const streamParam = z.object({ stream: z.string().min(1).max(200) });

// Limits and fields are checked by the aggregate builder, so every problem of a request comes back in one 400.
const common = {
  by: repeatable.describe('repeatable: field, or field:day|week|month (a time bucket of a date/datetime field, column <field>_<bucket>)'),
  metric: repeatable.describe('repeatable: count, count:field (non-empty), count_distinct:field, sum:field, avg:field, min:field, max:field'),
  where: repeatable.describe('repeatable field:op:value, exactly as the records endpoint'),
  tz: z.string().max(100).optional().describe('IANA time zone the buckets are computed in (default UTC)'),
  sort: z.string().max(200).optional().describe('a group or metric column; -column for descending'),
  limit: z.coerce.number().int().optional().describe('groups returned, default 1000, max 10000'),
};

export const aggregateRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  const tags = ['records'];

  f.get('/api/v1/streams/:stream/aggregate', {
    config: { auth: 'data:read' },
    schema: {
      tags,
      summary: 'Group by fields and time buckets, with count / count_distinct / sum / avg / min / max, over the records filters',
      params: streamParam,
      querystring: z.object({
        ...common,
        q: z.string().max(200).optional().describe('full-text search over every field'),
        status: z.enum(['active', 'removed', 'all']).default('active'),
      }),
      response: { 200: tabularData },
    },
  }, async (req) => {
    const qs = req.query;
    return aggregateStream(db, req.params.stream, {
      by: asList(qs.by), metrics: asList(qs.metric).length ? asList(qs.metric) : ['count'], where: asList(qs.where), q: qs.q, status: qs.status,
      tz: qs.tz, sort: qs.sort, limit: qs.limit,
    });
  });

  f.get('/api/v1/streams/:stream/changes/aggregate', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['changes'],
      summary: 'Group a stream\'s change history (fields at, kind, key, actor, run_id), e.g. by=at:week&by=kind&metric=count',
      params: streamParam,
      querystring: z.object(common),
      response: { 200: tabularData },
    },
  }, async (req) => {
    const qs = req.query;
    return aggregateChanges(db, req.params.stream, {
      by: asList(qs.by), metrics: asList(qs.metric).length ? asList(qs.metric) : ['count'], where: asList(qs.where), tz: qs.tz, sort: qs.sort, limit: qs.limit,
    });
  });
};
