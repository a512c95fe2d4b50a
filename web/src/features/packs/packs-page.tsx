import { useQuery } from '@tanstack/react-query';
import { getJson, isMissingRoute } from '../../api/client';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

interface PackSummary {
  id: string;
  name?: string;
  title?: string;
  description?: string;
  version?: string;
  installed?: boolean;
  status?: string;
}

/** The packs catalogue; the packs API ships with the packs engine (the page says so until it is there). */
export function PacksPage() {
  const packs = useQuery({ queryKey: ['packs'], queryFn: () => getJson<{ items: PackSummary[] }>('/api/v1/packs'), retry: false });
  return (
    <>
      <PageHeader title="Packs" subtitle="Ready-made setups: connections, models, destinations, schedules and dashboards for one job." />
      {packs.isPending ? <Loading /> : packs.error ? (
        isMissingRoute(packs.error) ? (
          <EmptyState title="Packs are not available yet">This server does not offer the packs API yet. Install packs from a terminal with <code>sluice pack install</code> once your version has them.</EmptyState>
        ) : <ErrorBox error={packs.error} />
      ) : packs.data.items.length === 0 ? (
        <EmptyState title="No pack in this installation">Packs ship with Sluice; this build has none.</EmptyState>
      ) : (
        <div className="catalogue">
          {packs.data.items.map((p) => (
            <Card key={p.id}>
              <h3>{p.title ?? p.name ?? p.id} {p.version ? <span className="muted small">v{p.version}</span> : null}</h3>
              <p className="muted small">{p.description}</p>
              <Badge value={p.status ?? (p.installed ? 'installed' : 'available')} />
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
