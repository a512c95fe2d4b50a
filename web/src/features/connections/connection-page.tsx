import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Connection, Connector } from '../../api/types';
import { useCan } from '../../auth/session';
import { fmtDateTime, fmtDuration, fmtValue } from '../../components/format';
import { SchemaForm, withoutSecretPlaceholders, type FormValues, type JsonSchema } from '../../components/schema-form';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { ScheduleEditor } from './schedule-editor';
import { SyncProgress } from './sync-progress';

const route = getRouteApi('/connections/$name');
type Tab = 'overview' | 'settings' | 'schedule' | 'quarantine';
const TABS: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'settings', label: 'Settings' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'quarantine', label: 'Quarantine' },
];

export function ConnectionPage() {
  const { name } = route.useParams();
  const { tab = 'overview' } = route.useSearch();
  const conn = useQuery({ queryKey: ['connection', name], queryFn: () => unwrap(api.GET('/api/v1/connections/{name}', { params: { path: { name } } })) });
  const connector = useQuery({
    queryKey: ['connector', conn.data?.connector],
    queryFn: () => unwrap(api.GET('/api/v1/connectors/{id}', { params: { path: { id: conn.data?.connector ?? '' } } })),
    enabled: Boolean(conn.data),
  });
  if (conn.isPending) return <Loading />;
  if (conn.error) return <ErrorBox error={conn.error} title={`Connection ${name}`} />;
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/connections">Connections</Link> /</>}
        title={name}
        subtitle={<>{connector.data?.name ?? conn.data.connector} · <Badge value={conn.data.enabled ? 'enabled' : 'disabled'} /> · created {fmtDateTime(conn.data.created_at)}</>}
      />
      <nav className="tabs" aria-label="Connection sections">
        {TABS.map((t) => (
          <Link key={t.id} to="/connections/$name" params={{ name }} search={{ tab: t.id === 'overview' ? undefined : t.id }} className={tab === t.id ? 'active' : ''} aria-current={tab === t.id ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === 'overview' ? <OverviewTab conn={conn.data} /> : null}
      {tab === 'settings' ? (connector.data ? <SettingsTab conn={conn.data} connector={connector.data} /> : connector.error ? <ErrorBox error={connector.error} /> : <Loading />) : null}
      {tab === 'schedule' ? <Card title="Sync schedule"><ScheduleEditor target={`sync:${name}`} /></Card> : null}
      {tab === 'quarantine' ? <QuarantineTab conn={conn.data} /> : null}
    </>
  );
}

function OverviewTab({ conn }: { conn: Connection }) {
  const can = useCan();
  const qc = useQueryClient();
  const [since, setSince] = useState<string | undefined>();
  const test = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/connections/{name}/test', { params: { path: { name: conn.name } } })) });
  const sync = useMutation({
    mutationFn: (full: boolean) => {
      setSince(new Date(Date.now() - 2000).toISOString());
      return unwrap(api.POST('/api/v1/connections/{name}/sync', { params: { path: { name: conn.name } }, body: { full } }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['runs'] }),
  });
  const runs = useQuery({
    queryKey: ['runs', conn.name],
    queryFn: () => unwrap(api.GET('/api/v1/runs', { params: { query: { connection: conn.name, limit: 10 } } })),
    refetchInterval: since ? 3000 : false,
  });
  return (
    <div className="stack">
      <Card title="Check and sync">
        <div className="row">
          <button type="button" className="btn" onClick={() => test.mutate()} disabled={test.isPending}>{test.isPending ? 'Testing…' : 'Test connection'}</button>
          {can('syncs:run') ? (
            <>
              <button type="button" className="btn btn-primary" onClick={() => sync.mutate(false)} disabled={sync.isPending}>Sync now</button>
              <button type="button" className="btn" onClick={() => sync.mutate(true)} disabled={sync.isPending}>Full refresh</button>
            </>
          ) : null}
        </div>
        <div aria-live="polite">
          {test.data ? (
            <div className={test.data.ok ? 'success' : 'error-box'} role="status">
              <strong>{test.data.ok ? 'Connection works' : 'Connection failed'}</strong>
              <p style={{ margin: '4px 0 0' }}>{test.data.message}</p>
            </div>
          ) : null}
          {test.error ? <ErrorBox error={test.error} /> : null}
          {sync.error ? <ErrorBox error={sync.error} title="The sync was not started" /> : null}
          {sync.data?.already_queued ? <p className="notice">A sync of this connection was already queued; following it.</p> : null}
          {since && sync.isSuccess ? <SyncProgress connection={conn.name} since={since} /> : null}
        </div>
      </Card>
      <Card title="Recent runs" actions={<Link to="/jobs" search={{ connection: conn.name }} className="btn btn-small">All runs</Link>}>
        {runs.isPending ? <Loading /> : runs.error ? <ErrorBox error={runs.error} /> : runs.data.items.length === 0 ? (
          <p className="muted">No run yet. {can('syncs:run') ? 'Start one with Sync now.' : ''}</p>
        ) : (
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Recent runs</caption>
              <thead><tr><th scope="col">Started</th><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Duration</th></tr></thead>
              <tbody>
                {runs.data.items.map((r) => (
                  <tr key={r.id}>
                    <td><Link to="/jobs/runs/$id" params={{ id: r.id }}>{fmtDateTime(r.started_at)}</Link></td>
                    <td><Badge value={r.status} /></td>
                    <td>{r.trigger}{r.full_refresh ? ' (full)' : ''}</td>
                    <td>{r.finished_at ? fmtDuration(new Date(r.finished_at).getTime() - new Date(r.started_at).getTime()) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}

function SettingsTab({ conn, connector }: { conn: Connection; connector: Connector }) {
  const can = useCan();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<FormValues>(conn.config);
  const [enabled, setEnabled] = useState(conn.enabled);
  useEffect(() => setValues(conn.config), [conn.updated_at]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/connections/{name}', { params: { path: { name: conn.name } }, body: { config: withoutSecretPlaceholders(values, connector.secrets), enabled } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['connection', conn.name] }),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/connections/{name}', { params: { path: { name: conn.name } } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['connections'] });
      await navigate({ to: '/connections' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  if (!can('connections:write')) {
    return (
      <Card title="Settings">
        <dl className="props">
          {Object.entries(conn.config).map(([k, v]) => <div key={k} style={{ display: 'contents' }}><dt>{k}</dt><dd>{fmtValue(v)}</dd></div>)}
        </dl>
      </Card>
    );
  }
  return (
    <Card title="Settings">
      <form onSubmit={submit} style={{ maxWidth: 560 }}>
        <SchemaForm schema={connector.config_schema as JsonSchema} secrets={connector.secrets} fields={connector.fields} values={values} onChange={setValues} existing />
        <label className="row field"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> Enabled (scheduled syncs run)</label>
        {save.error ? <ErrorBox error={save.error} title="Not saved" /> : null}
        {save.isSuccess ? <p className="success" role="status">Saved.</p> : null}
        <div className="row">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>Save</button>
          <span className="spacer" />
          <button type="button" className="btn btn-danger" onClick={() => { if (window.confirm(`Delete the connection ${conn.name}? Its records stay.`)) remove.mutate(); }}>Delete connection</button>
        </div>
        {remove.error ? <ErrorBox error={remove.error} /> : null}
      </form>
    </Card>
  );
}

function QuarantineTab({ conn }: { conn: Connection }) {
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')) });
  const q = useQuery({ queryKey: ['quarantine'], queryFn: () => unwrap(api.GET('/api/v1/quarantine', { params: { query: { limit: 200 } } })) });
  const mine = new Set((streams.data?.items ?? []).filter((s) => s.connector === conn.connector).map((s) => s.name));
  if (q.isPending || streams.isPending) return <Loading />;
  if (q.error) return <ErrorBox error={q.error} />;
  const items = q.data.items.filter((i) => i.stream === null || mine.has(i.stream));
  if (items.length === 0) return <EmptyState title="Nothing in quarantine">Rows that fail validation during a sync are kept here with the reason, instead of being dropped or half-written.</EmptyState>;
  return (
    <div className="table-wrap" tabIndex={0}>
      <table className="data">
        <caption className="sr-only">Quarantined rows</caption>
        <thead><tr><th scope="col">When</th><th scope="col">Stream</th><th scope="col">Where</th><th scope="col">Reasons</th><th scope="col">Row</th></tr></thead>
        <tbody>
          {items.map((i) => (
            <tr key={i.id}>
              <td className="nowrap">{fmtDateTime(i.at)}</td>
              <td>{i.stream ?? '—'}</td>
              <td>{i.line !== null ? `line ${i.line}` : i.position ?? '—'}</td>
              <td className="wrap">{(Array.isArray(i.reasons) ? (i.reasons as unknown[]) : Object.values(i.reasons as Record<string, unknown>)).map((r) => fmtValue(r)).join('; ')}</td>
              <td className="wrap mono small">{JSON.stringify(i.raw).slice(0, 200)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
