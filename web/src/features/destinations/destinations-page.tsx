import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { fmtAgo } from '../../components/format';
import { Badge, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

export function DestinationsPage() {
  const dests = useQuery({ queryKey: ['destinations'], queryFn: () => unwrap(api.GET('/api/v1/destinations')) });
  return (
    <>
      <PageHeader title="Destinations" subtitle="Where Sluice pushes records: Notion databases and webhooks." />
      {dests.isPending ? <Loading /> : dests.error ? <ErrorBox error={dests.error} /> : dests.data.items.length === 0 ? (
        <EmptyState title="No destination yet">
          A destination keeps a Notion database or a webhook in step with a stream. Packs set them up for you; or add one with <code>sluice destination add</code> or the API (<code>POST /api/v1/destinations</code>).
        </EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Destinations</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Stream</th><th scope="col">State</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              {dests.data.items.map((d) => (
                <tr key={d.id}>
                  <td><Link to="/destinations/$name" params={{ name: d.name }}>{d.name}</Link></td>
                  <td>{d.kind}</td>
                  <td>{String((d.config as { stream?: string }).stream ?? '—')}</td>
                  <td><Badge value={d.enabled ? 'enabled' : 'disabled'} /></td>
                  <td>{fmtAgo(d.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
