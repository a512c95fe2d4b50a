import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { fmtDateTime } from '../../components/format';
import { EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { fetchDashboard, type EvaluatedDashboard } from './dashboard-api';
import { Widget } from './widget';

const route = getRouteApi('/dashboards/$id');

export function DashboardPage() {
  const { id } = route.useParams();
  const { f = {} } = route.useSearch();
  const navigate = route.useNavigate();
  const dash = useQuery({ queryKey: ['dashboard', id, f], queryFn: () => fetchDashboard(id, f), placeholderData: keepPreviousData, retry: false });
  const setFilter = (name: string, value: string) => {
    const next = { ...f };
    if (value) next[name] = value;
    else delete next[name];
    void navigate({ search: { f: Object.keys(next).length ? next : undefined } });
  };
  if (dash.isPending) return <Loading label="Evaluating the dashboard…" />;
  if (dash.error) {
    return <ErrorBox error={dash.error} title={`Dashboard ${id}`} />;
  }
  const d = dash.data;
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/dashboards">Dashboards</Link> / {d.parent ? <><Link to="/dashboards/$id" params={{ id: d.parent }}>{d.parent}</Link> / </> : null}</>}
        title={d.title}
        subtitle={<>{d.description ? `${d.description} · ` : ''}evaluated {fmtDateTime(d.evaluated_at)}{dash.isFetching ? ' · updating…' : ''}</>}
      />
      {d.pages.length ? (
        <nav className="tabs" aria-label="Dashboard pages">
          {d.pages.map((p) => <Link key={p.id} to="/dashboards/$id" params={{ id: p.id }} search={{ f }}>{p.title}</Link>)}
        </nav>
      ) : null}
      <Filters d={d} onChange={setFilter} />
      {d.widgets.length === 0 ? <EmptyState title="This dashboard has no widget">Its pack declares no widget for this page.</EmptyState> : (
        <div className="grid-12">
          {d.widgets.map((w) => (
            <div key={w.id} style={{ gridColumn: `span ${w.width}` }}>
              <Widget w={w} />
            </div>
          ))}
        </div>
      )}
    </>
  );
}

function Filters({ d, onChange }: { d: EvaluatedDashboard; onChange: (name: string, value: string) => void }) {
  if (d.filters.length === 0) return null;
  return (
    <form className="toolbar card" aria-label="Dashboard filters" onSubmit={(e) => e.preventDefault()} style={{ marginBottom: 16 }}>
      {d.filters.map((fl) => (
        <label key={fl.name} className="field">
          <span>{fl.label}</span>
          {fl.type === 'select' ? (
            <select value={fl.value ?? ''} onChange={(e) => onChange(fl.name, e.target.value)}>
              <option value="">All</option>
              {(fl.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
            </select>
          ) : fl.type === 'text' ? (
            <input type="search" defaultValue={fl.value ?? ''} onKeyDown={(e) => { if (e.key === 'Enter') onChange(fl.name, e.currentTarget.value); }} onBlur={(e) => onChange(fl.name, e.target.value)} />
          ) : (
            <input type="date" value={fl.value ?? ''} onChange={(e) => onChange(fl.name, e.target.value)} />
          )}
        </label>
      ))}
    </form>
  );
}
