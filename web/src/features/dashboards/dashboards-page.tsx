import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { listDashboards, type DashboardSummary } from './dashboard-api';

export function DashboardsPage() {
  const list = useQuery({ queryKey: ['dashboards'], queryFn: listDashboards, retry: false });
  const top = (list.data?.items ?? []).filter((d) => !d.parent);
  const childrenOf = (id: string): DashboardSummary[] => (list.data?.items ?? []).filter((d) => d.parent === id);
  const byPack = new Map<string, DashboardSummary[]>();
  for (const d of top) byPack.set(d.pack ?? 'Other', [...(byPack.get(d.pack ?? 'Other') ?? []), d]);
  return (
    <>
      <PageHeader title="Dashboards" subtitle="Pages of charts, tables and maps declared by the installed packs." />
      {list.isPending ? <Loading /> : list.error ? <ErrorBox error={list.error} /> : top.length === 0 ? (
        <EmptyState title="No dashboard yet" action={<Link to="/packs" className="btn btn-primary">Browse packs</Link>}>Dashboards come with packs. Install a pack and run it; its dashboards appear here.</EmptyState>
      ) : (
        <div className="stack">
          {[...byPack.entries()].map(([pack, items]) => (
            <section key={pack}>
              <h2 style={{ marginBottom: 8 }}>{pack}</h2>
              <div className="catalogue">
                {items.map((d) => (
                  <div key={d.id} className="card">
                    <h3><Link to="/dashboards/$id" params={{ id: d.id }}>{d.title}</Link></h3>
                    {d.description ? <p className="muted small">{d.description}</p> : null}
                    {childrenOf(d.id).length ? (
                      <ul className="small">{childrenOf(d.id).map((c) => <li key={c.id}><Link to="/dashboards/$id" params={{ id: c.id }}>{c.title}</Link></li>)}</ul>
                    ) : null}
                  </div>
                ))}
              </div>
            </section>
          ))}
        </div>
      )}
    </>
  );
}
