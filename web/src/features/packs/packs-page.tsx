import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

export function PacksPage() {
  const packs = useQuery({ queryKey: ['packs'], queryFn: () => unwrap(api.GET('/api/v1/packs')) });
  return (
    <>
      <PageHeader title="Packs" subtitle="Ready-made setups: connections, models, destinations, schedules and dashboards for one job." />
      {packs.isPending ? <Loading /> : packs.error ? <ErrorBox error={packs.error} /> : packs.data.items.length === 0 ? (
        <EmptyState title="No pack in this installation">Packs ship with Sluice; this build has none.</EmptyState>
      ) : (
        <div className="catalogue">
          {packs.data.items.map((p) => (
            <Card key={p.id}>
              <h3><Link to="/packs/$id" params={{ id: p.id }}>{p.name}</Link> <span className="muted small">v{p.version}</span></h3>
              <p className="muted small">{p.description}</p>
              {p.installed ? (
                <p className="row">
                  <Badge value={p.installed.status === 'installed' ? 'installed' : 'warn'} tone={p.installed.status === 'installed' ? 'ok' : 'warn'} label={p.installed.status.replace(/_/g, ' ')} />
                  {p.installed.missing.length ? <span className="small">{p.installed.missing.length} credential(s) missing</span> : null}
                </p>
              ) : <Badge value="available" tone="muted" label="not installed" />}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
