import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { fmtDateTime, fmtDuration, fmtNumber } from '../../components/format';
import { Badge, Card, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/jobs/runs/$id');
const DONE = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

export function RunPage() {
  const { id } = route.useParams();
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: () => unwrap(api.GET('/api/v1/runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && DONE.has(q.state.data.status) ? false : 1500),
  });
  const logs = useInfiniteQuery({
    queryKey: ['run-logs', id],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/runs/{id}/logs', { params: { path: { id }, query: { limit: 200, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.items.length === 200 ? (last.next_cursor ?? undefined) : undefined),
    refetchInterval: run.data && DONE.has(run.data.status) ? false : 2000,
  });
  if (run.isPending) return <Loading />;
  if (run.error) return <ErrorBox error={run.error} title={`Run ${id}`} />;
  const r = run.data;
  const streams = Object.entries(r.streams as Record<string, Record<string, number>>);
  const cols = [...new Set(streams.flatMap(([, c]) => Object.keys(c)))];
  const lines = logs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/jobs">Jobs</Link> /</>}
        title={`Run of ${r.connection}`}
        subtitle={<><Badge value={r.status} /> {r.kind} · {r.trigger}{r.full_refresh ? ' · full refresh' : ''} · started {fmtDateTime(r.started_at)} · {r.finished_at ? `took ${fmtDuration(new Date(r.finished_at).getTime() - new Date(r.started_at).getTime())}` : 'still running'}</>}
        actions={<Link to="/connections/$name" params={{ name: r.connection }} className="btn">Connection</Link>}
      />
      {r.error ? <ErrorBox error={new Error(String((r.error as { message?: string }).message ?? JSON.stringify(r.error)))} title="The run failed" /> : null}
      {r.flags.length ? (
        <div className="notice"><strong>Warnings</strong><ul>{r.flags.map((f, i) => <li key={i}>{String((f as { message?: string }).message ?? JSON.stringify(f))}</li>)}</ul></div>
      ) : null}
      <Card title="Streams">
        {streams.length === 0 ? <p className="muted">No stream counted yet.</p> : (
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Counts per stream</caption>
              <thead><tr><th scope="col">Stream</th>{cols.map((c) => <th key={c} scope="col" className="num">{c}</th>)}</tr></thead>
              <tbody>
                {streams.map(([name, c]) => (
                  <tr key={name}><td><Link to="/data/$stream" params={{ stream: name }}>{name}</Link></td>{cols.map((k) => <td key={k} className="num">{fmtNumber(c[k] ?? 0)}</td>)}</tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <div style={{ height: 12 }} />
      <Card title="Log">
        {logs.isPending ? <Loading /> : logs.error ? <ErrorBox error={logs.error} /> : lines.length === 0 ? <p className="muted">This run wrote no log lines.</p> : (
          <div className="log" role="log" aria-label="Run log" tabIndex={0}>
            {lines.map((l) => (
              <div key={l.id} className={`lvl-${l.level}`}>
                {new Date(l.at).toLocaleTimeString()} {l.level.toUpperCase().padEnd(5)} {l.message}{l.data ? ` ${JSON.stringify(l.data)}` : ''}
              </div>
            ))}
          </div>
        )}
        {logs.hasNextPage ? <button type="button" className="btn btn-small" onClick={() => void logs.fetchNextPage()}>Load more</button> : null}
      </Card>
    </>
  );
}
