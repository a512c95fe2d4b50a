import type { ReadContext, SourceMessage } from '../../core/connector.js';
import { SluiceError } from '../../core/errors.js';
import { ninjaApi } from './ninjaone-api.js';
import type { NinjaOneConfig } from './ninjaone-config.js';
import { activityRecord } from './ninjaone-records.js';

/** The committed state of the activities stream: the highest activity id stored. */
export interface ActivitiesState {
  readonly maxId: number;
}

export function activitiesState(state: unknown): ActivitiesState | undefined {
  const s = state as { maxId?: unknown } | null | undefined;
  return s && typeof s.maxId === 'number' && Number.isInteger(s.maxId) ? { maxId: s.maxId } : undefined;
}

export function nextActivitiesState(state: unknown, record: Record<string, unknown>): ActivitiesState | undefined {
  const prev = activitiesState(state);
  const id = record.id;
  if (typeof id !== 'number') return prev;
  return { maxId: Math.max(prev?.maxId ?? id, id) };
}

interface ActivitiesReply {
  lastActivityId?: unknown;
  activities?: unknown;
}

/**
 * Activities newer than the last stored id. The API lists newest first and cuts the page after the id window
 * (`newerThan` … `olderThan`), so a backlog larger than one page is walked downwards with `olderThan` until a short
 * page; the first sync instead walks back `activities_lookback_days`.
 */
export async function* readActivities(ctx: ReadContext<NinjaOneConfig>): AsyncIterable<SourceMessage> {
  const { client } = ninjaApi(ctx, ctx.config);
  const since = ctx.full ? undefined : activitiesState(ctx.state)?.maxId;
  const cutoff = since === undefined ? ctx.now().getTime() / 1000 - ctx.config.activities_lookback_days * 86_400 : undefined;
  const pageSize = ctx.config.activities_page_size;
  let olderThan: number | undefined;
  for (;;) {
    const res = await client.request<ActivitiesReply>({
      path: '/v2/activities',
      query: { pageSize, newerThan: since, olderThan },
      signal: ctx.signal,
    });
    const list = res.body?.activities;
    if (!Array.isArray(list)) {
      throw new SluiceError('malformed_response', 'ninjaone GET /v2/activities: the reply has no "activities" list');
    }
    let reachedCutoff = false;
    let minId: number | undefined;
    for (const a of list as Record<string, unknown>[]) {
      if (a === null || typeof a !== 'object' || typeof a.id !== 'number') {
        yield { type: 'invalid', raw: a, reasons: ['activity without a numeric id'] };
        continue;
      }
      minId = Math.min(minId ?? a.id, a.id);
      if (cutoff !== undefined && typeof a.activityTime === 'number' && a.activityTime < cutoff) {
        reachedCutoff = true;
        continue;
      }
      yield { type: 'record', data: activityRecord(a) };
    }
    if (reachedCutoff || list.length < pageSize || minId === undefined) return;
    if (olderThan !== undefined && minId >= olderThan) {
      throw new SluiceError('malformed_response', 'ninjaone GET /v2/activities: olderThan did not move the window, paging would not end');
    }
    olderThan = minId;
  }
}
