import { api, unwrap } from '../../api/client';

/** The explorer's records query for a stream and its URL state: one definition for the page and the route's prefetch. */
export interface RecordsParams {
  where: string[];
  q?: string | undefined;
  status: 'active' | 'removed' | 'all';
  sort?: string | undefined;
  cursor?: string | undefined;
  size: number;
}

export function recordsParams(search: { where?: string[] | undefined; q?: string | undefined; status?: 'active' | 'removed' | 'all' | undefined; sort?: string | undefined; cursor?: string | undefined; size?: number | undefined }): RecordsParams {
  return { where: search.where ?? [], q: search.q, status: search.status ?? 'active', sort: search.sort, cursor: search.cursor, size: search.size ?? 50 };
}

export function recordsQuery(stream: string, p: RecordsParams) {
  return {
    queryKey: ['records', stream, p] as const,
    queryFn: () =>
      unwrap(api.GET('/api/v1/streams/{stream}/records', {
        params: {
          path: { stream },
          query: { where: p.where, status: p.status, limit: p.size, ...(p.q ? { q: p.q } : {}), ...(p.sort ? { sort: p.sort } : {}), ...(p.cursor ? { cursor: p.cursor } : {}) },
        },
      })),
  };
}

/** Schema, key and parent without counts: answered at once on a stream of millions, so the table never waits for a count. */
export function streamSchemaQuery(stream: string) {
  return { queryKey: ['stream-schema', stream] as const, queryFn: () => unwrap(api.GET('/api/v1/streams/{stream}/schema', { params: { path: { stream } } })), staleTime: 60_000 };
}
