import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, queryString, unwrap } from '../../api/client';
import type { Change } from '../../api/types';
import { fmtDateTime, fmtValue } from '../../components/format';
import { Badge, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/changes');
const KINDS = ['created', 'updated', 'removed', 'restored', 'merged', 'split', 'annotated'] as const;
type Kind = (typeof KINDS)[number];

/** New changes pushed by the server (server-sent events), resuming from the last id after a reconnect. */
function useLiveChanges(enabled: boolean, after: number | undefined, stream: string | undefined, kind: Kind | undefined) {
  const [items, setItems] = useState<Change[]>([]);
  const [state, setState] = useState<'connecting' | 'live' | 'reconnecting' | 'off'>('off');
  useEffect(() => {
    setItems([]);
    if (!enabled || after === undefined) {
      setState('off');
      return;
    }
    setState('connecting');
    const es = new EventSource(`/api/v1/changes/live${queryString({ after, stream, kind })}`);
    es.onopen = () => setState('live');
    es.onerror = () => setState('reconnecting');
    es.addEventListener('change', (e) => {
      const c = JSON.parse((e as MessageEvent<string>).data) as Change;
      setItems((prev) => [c, ...prev].slice(0, 500));
    });
    return () => es.close();
  }, [enabled, after, stream, kind]);
  return { items, state };
}

export function ChangesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const kind = KINDS.find((k) => k === search.kind);
  const live = search.live !== false && !search.until;
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')) });
  const filters = { ...(search.stream ? { stream: search.stream } : {}), ...(kind ? { kind } : {}), ...(search.since ? { since: search.since } : {}), ...(search.until ? { until: search.until } : {}) };
  const pages = useInfiniteQuery({
    queryKey: ['changes-latest', filters],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/changes/latest', { params: { query: { ...filters, limit: 50, ...(pageParam ? { before: pageParam } : {}) } } })),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const latestId = pages.data?.pages[0]?.latest_id;
  const feed = useLiveChanges(live, latestId, search.stream, kind);
  const set = (patch: Partial<ReturnType<typeof route.useSearch>>) => void navigate({ search: (p) => ({ ...p, ...patch }) });
  const items = [...feed.items, ...(pages.data?.pages.flatMap((p) => p.items) ?? [])];
  return (
    <>
      <PageHeader
        title="Changes"
        subtitle="Every change to every record, newest first."
        actions={
          <span className="row" role="status" aria-live="polite">
            {live ? <Badge value={feed.state === 'live' ? 'ok' : 'retry'} label={feed.state === 'live' ? 'live' : feed.state} /> : <Badge value="paused" />}
            <button type="button" className="btn btn-small" onClick={() => set({ live: live ? false : undefined })}>{live ? 'Pause live updates' : 'Resume live updates'}</button>
          </span>
        }
      />
      <form className="toolbar card" onSubmit={(e) => e.preventDefault()} aria-label="Change filters">
        <label className="field"><span>Stream</span>
          <select value={search.stream ?? ''} onChange={(e) => set({ stream: e.target.value || undefined })}>
            <option value="">All streams</option>
            {(streams.data?.items ?? []).map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
          </select>
        </label>
        <label className="field"><span>Kind</span>
          <select value={kind ?? ''} onChange={(e) => set({ kind: e.target.value || undefined })}>
            <option value="">All kinds</option>
            {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <label className="field"><span>From</span>
          <input type="date" value={search.since?.slice(0, 10) ?? ''} onChange={(e) => set({ since: e.target.value ? new Date(`${e.target.value}T00:00:00`).toISOString() : undefined })} />
        </label>
        <label className="field"><span>Until</span>
          <input type="date" value={search.until?.slice(0, 10) ?? ''} onChange={(e) => set({ until: e.target.value ? new Date(`${e.target.value}T00:00:00`).toISOString() : undefined })} />
        </label>
      </form>
      <div style={{ height: 12 }} />
      {pages.isPending ? <Loading /> : pages.error ? <ErrorBox error={pages.error} /> : items.length === 0 ? (
        <EmptyState title="No change yet">Changes are recorded by every sync: a record created, a field updated, a record removed. They appear here live as syncs run.</EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Changes</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">Record</th><th scope="col">Fields</th><th scope="col">By</th></tr></thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td className="nowrap">{fmtDateTime(c.at)}</td>
                  <td><Badge value={c.kind} /></td>
                  <td><Link to="/data/$stream/records/$key" params={{ stream: c.stream, key: c.key }}><span className="muted">{c.stream}/</span><span className="mono">{c.key}</span></Link></td>
                  <td className="wrap small">{c.fields ? Object.entries(c.fields).slice(0, 4).map(([k, v]) => { const d = v as { old?: unknown; new?: unknown }; return `${k}: ${fmtValue(d.old) || '∅'} → ${fmtValue(d.new) || '∅'}`; }).join(' · ') : ''}</td>
                  <td>{c.run_id ? <Link to="/jobs/runs/$id" params={{ id: c.run_id }}>run</Link> : c.actor ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages.hasNextPage ? <div className="pager"><button type="button" className="btn" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>Older changes</button></div> : null}
    </>
  );
}
