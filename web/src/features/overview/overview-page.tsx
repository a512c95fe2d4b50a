import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { EChartsOption } from 'echarts';
import { api, unwrap } from '../../api/client';
import type { Overview } from '../../api/types';
import { useCan } from '../../auth/session';
import { Chart } from '../../components/chart';
import { fmtAgo, fmtNumber } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader, Stat } from '../../components/ui';

function changesChart(o: Overview): EChartsOption {
  const days: string[] = [];
  for (let i = 13; i >= 0; i--) days.push(new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10));
  const kinds = [...new Set(o.changes_per_day.map((c) => c.kind))];
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
    yAxis: { type: 'value' },
    series: kinds.map((k) => ({ name: k, type: 'bar', stack: 'all', data: days.map((d) => o.changes_per_day.find((c) => c.day === d && c.kind === k)?.count ?? 0) })),
  };
}

export function OverviewPage() {
  const can = useCan();
  const o = useQuery({ queryKey: ['overview'], queryFn: () => unwrap(api.GET('/api/v1/overview')), refetchInterval: 30_000 });
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')), enabled: can('data:read') });
  if (o.isPending) return <Loading />;
  if (o.error) return <ErrorBox error={o.error} />;
  const d = o.data;
  const runs = Object.fromEntries(d.runs.by_status.map((r) => [r.status, r.count]));
  const total = d.runs.by_status.reduce((a, r) => a + r.count, 0);
  const ok = runs.succeeded ?? 0;
  const items = streams.data?.items ?? [];
  return (
    <>
      <PageHeader title="Overview" subtitle={d.runs.last_at ? `Last sync ${fmtAgo(d.runs.last_at)}` : 'Nothing has run yet'} />
      {items.length === 0 && total === 0 ? (
        <EmptyState title="Welcome to Sluice" action={can('connections:write') ? <Link to="/connections" className="btn btn-primary">Add a connection</Link> : <Link to="/packs" className="btn">Browse packs</Link>}>
          Sluice pulls data from your systems, keeps every change, and pushes it where people work. Start by adding a connection (or installing a pack), then run its first sync.
        </EmptyState>
      ) : null}
      <div className="grid grid-4" style={{ margin: '16px 0' }}>
        <Stat label="Runs in the last 7 days" value={fmtNumber(total)} hint={total ? `${Math.round((ok / total) * 100)} % succeeded` : undefined} tone={total && ok < total ? 'warn' : undefined} />
        <Stat label="Quarantined rows" value={fmtNumber(d.attention.quarantined)} tone={d.attention.quarantined ? 'warn' : undefined} hint={d.attention.quarantined ? 'rows that failed validation' : 'none'} />
        <Stat label="Review items open" value={can('review:read') ? <Link to="/review">{fmtNumber(d.attention.review_open)}</Link> : fmtNumber(d.attention.review_open)} tone={d.attention.review_open ? 'warn' : undefined} />
        <Stat label="Guards tripped (7 days)" value={fmtNumber(d.attention.guards_tripped)} tone={d.attention.guards_tripped ? 'bad' : undefined} hint="runs with a warning" />
      </div>
      {d.alerts.length > 0 ? (
        <Card title={`Alerts (${d.alerts.length} open)`}>
          <ul className="stack" aria-label="Open alerts" style={{ gap: 6, paddingLeft: 18, margin: 0 }}>
            {d.alerts.map((a) => (
              <li key={a.id}><Badge value={a.kind} tone="bad" /> {a.message} <span className="muted">— since {fmtAgo(a.opened_at)}</span></li>
            ))}
          </ul>
        </Card>
      ) : null}
      <div className="grid grid-2" style={{ marginTop: d.alerts.length > 0 ? 16 : 0 }}>
        <Card title="Changes per day (14 days)">
          {d.changes_per_day.length === 0 ? <p className="muted">No change recorded in the last 14 days.</p> : <Chart option={changesChart(d)} label="Changes per day by kind, last 14 days" />}
        </Card>
        <Card title="Records per stream">
          {items.length === 0 ? <p className="muted">No stream yet.</p> : (
            <div className="table-wrap" tabIndex={0} style={{ maxHeight: 280, overflow: 'auto' }}>
              <table className="data">
                <caption className="sr-only">Records per stream</caption>
                <thead><tr><th scope="col">Stream</th><th scope="col" className="num">Active</th><th scope="col" className="num">Removed</th></tr></thead>
                <tbody>{items.map((s) => <tr key={s.name}><td><Link to="/data/$stream" params={{ stream: s.name }}>{s.name}</Link></td><td className="num">{fmtNumber(s.counts.active)}</td><td className="num">{fmtNumber(s.counts.removed)}</td></tr>)}</tbody>
              </table>
            </div>
          )}
        </Card>
        <Card title="Needs attention">
          {d.failing_connections.length + d.failing_destinations.length + d.dead_letters + d.breakers.filter((b) => b.state !== 'closed').length === 0 ? (
            <p className="muted">Nothing is failing.</p>
          ) : (
            <ul className="stack" style={{ gap: 6, paddingLeft: 18 }}>
              {d.failing_connections.map((c) => (
                <li key={c.connection}>Connection <Link to="/connections/$name" params={{ name: c.connection }}>{c.connection}</Link>: last sync <Link to="/jobs/runs/$id" params={{ id: c.run_id }}><Badge value={c.status} /></Link> {fmtAgo(c.at)}{c.message ? ` — ${c.message}` : ''}</li>
              ))}
              {d.failing_destinations.map((x) => (
                <li key={x.destination}>Destination <Link to="/destinations/$name" params={{ name: x.destination }}>{x.destination}</Link>: last push <Badge value={x.status} /> {fmtAgo(x.at)}</li>
              ))}
              {d.dead_letters ? <li>{fmtNumber(d.dead_letters)} webhook deliveries dead-lettered — see <Link to="/destinations">Destinations</Link></li> : null}
              {d.breakers.filter((b) => b.state !== 'closed').map((b) => <li key={b.upstream}>Upstream {b.upstream}: circuit breaker <Badge value={b.state} /></li>)}
            </ul>
          )}
        </Card>
        <Card title="Upstream breakers">
          {d.breakers.length === 0 ? <p className="muted">No upstream called since start.</p> : (
            <ul className="chips" style={{ listStyle: 'none', padding: 0 }}>{d.breakers.map((b) => <li key={b.upstream}>{b.upstream} <Badge value={b.state} /></li>)}</ul>
          )}
        </Card>
      </div>
    </>
  );
}
