import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../auth/session';
import { fmtDateTime, fmtValue } from '../../components/format';
import { Badge, Card, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { DeadLetters } from './dead-letters';

const route = getRouteApi('/destinations/$name');

interface Mapping {
  field?: string;
  property?: string;
  type?: string;
}

export function DestinationPage() {
  const { name } = route.useParams();
  const can = useCan();
  const qc = useQueryClient();
  const dest = useQuery({ queryKey: ['destination', name], queryFn: () => unwrap(api.GET('/api/v1/destinations/{name}', { params: { path: { name } } })) });
  const deliveries = useQuery({ queryKey: ['deliveries', name], queryFn: () => unwrap(api.GET('/api/v1/destinations/{name}/deliveries', { params: { path: { name }, query: { limit: 20 } } })), refetchInterval: 5000 });
  const push = useMutation({
    mutationFn: (dry: boolean) => unwrap(api.POST('/api/v1/destinations/{name}/push', { params: { path: { name } }, body: { dry_run: dry } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['deliveries', name] }),
  });
  if (dest.isPending) return <Loading />;
  if (dest.error) return <ErrorBox error={dest.error} title={`Destination ${name}`} />;
  const d = dest.data;
  const config = d.config as Record<string, unknown>;
  const mappings = (Array.isArray(config.properties) ? config.properties : Array.isArray(config.mapping) ? config.mapping : []) as Mapping[];
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/destinations">Destinations</Link> /</>}
        title={name}
        subtitle={<>{d.kind} · <Badge value={d.enabled ? 'enabled' : 'disabled'} /></>}
        actions={can('pushes:run') ? (
          <>
            <button type="button" className="btn" onClick={() => push.mutate(true)} disabled={push.isPending}>Plan (dry run)</button>
            <button type="button" className="btn btn-primary" onClick={() => push.mutate(false)} disabled={push.isPending}>Push now</button>
          </>
        ) : null}
      />
      <div aria-live="polite">
        {push.error ? <ErrorBox error={push.error} title="The push did not start" /> : null}
        {push.data ? <div className="success" role="status">{'summary' in push.data ? <><strong>Plan</strong> <code>{JSON.stringify(push.data.summary)}</code></> : <><strong>Push {push.data.already_queued ? 'already queued' : 'queued'}</strong>{push.data.job_id ? <> as job <code>{push.data.job_id}</code>; follow it in <Link to="/jobs" search={{ tab: 'queue' }}>Jobs</Link>.</> : null}</>}</div> : null}
      </div>
      <div className="grid grid-2">
        <Card title="Configuration">
          <dl className="props">
            {Object.entries(config).filter(([k]) => k !== 'properties' && k !== 'mapping').map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{typeof v === 'object' ? <code>{JSON.stringify(v)}</code> : fmtValue(v)}</dd></div>
            ))}
          </dl>
          {mappings.length ? (
            <>
              <h3 style={{ marginTop: 12 }}>Property mapping</h3>
              <div className="table-wrap" tabIndex={0}>
                <table className="data">
                  <caption className="sr-only">Property mapping</caption>
                  <thead><tr><th scope="col">Field</th><th scope="col">Property</th><th scope="col">Type</th></tr></thead>
                  <tbody>{mappings.map((m, i) => <tr key={i}><td className="mono">{m.field ?? ''}</td><td>{m.property ?? ''}</td><td>{m.type ?? ''}</td></tr>)}</tbody>
                </table>
              </div>
            </>
          ) : null}
        </Card>
        <Card title="State">
          <dl className="props">
            {Object.entries(d.state as Record<string, unknown>).map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{typeof v === 'object' ? <code>{JSON.stringify(v)}</code> : fmtValue(v)}</dd></div>)}
          </dl>
        </Card>
      </div>
      {d.kind === 'webhook' ? <DeadLetters name={name} /> : null}
      <Card title="Recent pushes" className="mt">
        {deliveries.isPending ? <Loading /> : deliveries.error ? <ErrorBox error={deliveries.error} /> : deliveries.data.items.length === 0 ? <p className="muted">Nothing pushed yet.</p> : (
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Pushes</caption>
              <thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Dry run</th><th scope="col">Summary</th></tr></thead>
              <tbody>{deliveries.data.items.map((x) => <tr key={x.id}><td className="nowrap">{fmtDateTime(x.started_at)}</td><td><Badge value={x.status} /></td><td>{x.dry_run ? 'yes' : 'no'}</td><td className="wrap small mono">{JSON.stringify(x.summary)}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
