import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../auth/session';
import { fmtAgo } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

export function ConnectionsPage() {
  const can = useCan();
  const conns = useQuery({ queryKey: ['connections'], queryFn: () => unwrap(api.GET('/api/v1/connections')) });
  const connectors = useQuery({ queryKey: ['connectors'], queryFn: () => unwrap(api.GET('/api/v1/connectors')) });
  const runs = useQuery({ queryKey: ['runs', 'latest'], queryFn: () => unwrap(api.GET('/api/v1/runs', { params: { query: { limit: 200 } } })) });
  const lastRun = (name: string) => runs.data?.items.find((r) => r.connection === name);
  return (
    <>
      <PageHeader title="Connections" subtitle="The sources Sluice pulls from: their settings, tests, syncs and schedules." />
      {conns.isPending ? <Loading /> : conns.error ? <ErrorBox error={conns.error} /> : conns.data.items.length === 0 ? (
        <EmptyState title="No connection yet">
          A connection is one source (an API account, a folder of files) set up from a connector below.{' '}
          {can('connections:write') ? 'Pick a connector to add the first one.' : 'Ask an operator to add one.'}
        </EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Connections</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Connector</th><th scope="col">State</th><th scope="col">Last sync</th><th scope="col">Result</th></tr>
            </thead>
            <tbody>
              {conns.data.items.map((c) => {
                const r = lastRun(c.name);
                return (
                  <tr key={c.id}>
                    <td><Link to="/connections/$name" params={{ name: c.name }}>{c.name}</Link></td>
                    <td>{c.connector}</td>
                    <td><Badge value={c.enabled ? 'enabled' : 'disabled'} /></td>
                    <td>{r ? fmtAgo(r.started_at) : 'never'}</td>
                    <td>{r ? <Link to="/jobs/runs/$id" params={{ id: r.id }}><Badge value={r.status} /></Link> : <span className="muted">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <h2 style={{ margin: '24px 0 12px' }}>Connector catalogue</h2>
      {connectors.isPending ? <Loading /> : connectors.error ? <ErrorBox error={connectors.error} /> : (
        <div className="catalogue">
          {connectors.data.items.map((k) => (
            <Card key={k.id}>
              <h3>{k.name}</h3>
              <p className="muted small" style={{ minHeight: 40 }}>{k.description}</p>
              {can('connections:write') ? (
                <Link to="/connections/new" search={{ connector: k.id }} className="btn btn-small" aria-label={`Add a ${k.name} connection`}>Add connection</Link>
              ) : null}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
