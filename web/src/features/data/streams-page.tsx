import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { fmtAgo, fmtNumber } from '../../components/format';
import { EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { useCan } from '../../auth/session';

export function StreamsPage() {
  const can = useCan();
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')) });
  return (
    <>
      <PageHeader title="Data" subtitle="Every stream Sluice keeps, with its current record counts." />
      {streams.isPending ? <Loading /> : streams.error ? <ErrorBox error={streams.error} /> : streams.data.items.length === 0 ? (
        <EmptyState
          title="No data yet"
          action={can('connections:write') ? <Link to="/connections" className="btn btn-primary">Add a connection</Link> : null}
        >
          Streams appear here after the first sync of a connection. {can('connections:write') ? 'Add a connection, then run a sync.' : 'Ask an operator to add a connection.'}
        </EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Streams</caption>
            <thead>
              <tr>
                <th scope="col">Stream</th>
                <th scope="col">Connector</th>
                <th scope="col" className="num">Active</th>
                <th scope="col" className="num">Removed</th>
                <th scope="col" className="num">Quarantined</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {streams.data.items.map((s) => (
                <tr key={s.name}>
                  <td>
                    {s.parent_stream ? <span className="muted" aria-hidden="true">↳ </span> : null}
                    <Link to="/data/$stream" params={{ stream: s.name }}>{s.name}</Link>
                    {s.parent_stream ? <span className="muted small"> (child of {s.parent_stream})</span> : null}
                  </td>
                  <td>{s.connector}</td>
                  <td className="num">{fmtNumber(s.counts.active)}</td>
                  <td className="num">{fmtNumber(s.counts.removed)}</td>
                  <td className="num">{s.counts.quarantined ? <span className="badge tone-warn">{fmtNumber(s.counts.quarantined)}</span> : '0'}</td>
                  <td>{fmtAgo(s.last_seen_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
