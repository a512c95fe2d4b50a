import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Get } from '../../api/types';
import { useCan } from '../../auth/session';
import { fmtAgo, fmtDateTime, fmtDuration } from '../../components/format';
import { Badge, Card, ErrorBox, Loading, PageHeader } from '../../components/ui';
import { PackAdmin } from './pack-admin';

const route = getRouteApi('/packs/$id');
type Setting = Get<'/api/v1/packs/{id}'>['settings'][number];
type Value = string | number | boolean | string[];

function SettingInput({ s, value, onChange }: { s: Setting; value: Value | undefined; onChange: (v: Value | undefined) => void }) {
  const id = `setting-${s.key}`;
  const common = { id, 'aria-describedby': `${id}-hint` };
  let input;
  if (s.type === 'boolean') input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  else if (s.options?.length) input = (
    <select {...common} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{s.default !== undefined && s.default !== null ? `default (${String(s.default)})` : 'choose…'}</option>
      {s.options.map((o) => <option key={o} value={o}>{o}</option>)}
    </select>
  );
  else if (s.type === 'integer' || s.type === 'number') input = <input {...common} type="number" step={s.type === 'integer' ? 1 : 'any'} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />;
  else if (s.type === 'list') input = <input {...common} value={Array.isArray(value) ? value.join(', ') : ''} placeholder="comma-separated" onChange={(e) => onChange(e.target.value ? e.target.value.split(',').map((x) => x.trim()).filter(Boolean) : undefined)} />;
  else input = <input {...common} type={s.type === 'secret' ? 'password' : s.type === 'url' ? 'url' : 'text'} autoComplete={s.type === 'secret' ? 'new-password' : 'off'} value={value === undefined ? '' : String(value)} placeholder={s.type === 'secret' ? 'leave blank to keep the stored value' : s.default !== undefined && s.default !== null ? String(s.default) : ''} onChange={(e) => onChange(e.target.value || undefined)} />;
  return (
    <div className="field">
      <label htmlFor={id}>{s.key}{s.required ? ' *' : ''}</label>
      {input}
      <span className="hint" id={`${id}-hint`}>{s.description}{s.type === 'secret' ? ' Secret: stored encrypted, never shown again.' : ''}</span>
    </div>
  );
}

export function PackPage() {
  const { id } = route.useParams();
  const can = useCan();
  const qc = useQueryClient();
  const pack = useQuery({ queryKey: ['pack', id], queryFn: () => unwrap(api.GET('/api/v1/packs/{id}', { params: { path: { id } } })) });
  const list = useQuery({ queryKey: ['packs'], queryFn: () => unwrap(api.GET('/api/v1/packs')) });
  const installed = list.data?.items.find((p) => p.id === id)?.installed;
  const status = useQuery({
    queryKey: ['pack-status', id],
    queryFn: () => unwrap(api.GET('/api/v1/packs/{id}/status', { params: { path: { id } } })),
    enabled: Boolean(installed),
    retry: false,
  });
  const [values, setValues] = useState<Record<string, Value>>({});
  const [sandbox, setSandbox] = useState('');
  const install = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/packs/{id}/install', { params: { path: { id } }, body: { settings: values, ...(sandbox.trim() ? { sandbox: sandbox.trim() } : {}) } })),
    onSuccess: async () => {
      for (const k of ['packs', 'pack-status', 'connections', 'dashboards']) await qc.invalidateQueries({ queryKey: [k] });
    },
  });
  const run = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/packs/{id}/run', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['pack-status', id] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    install.mutate();
  };
  if (pack.isPending) return <Loading />;
  if (pack.error) return <ErrorBox error={pack.error} title={`Pack ${id}`} />;
  const p = pack.data;
  const missing = status.data?.missing ?? installed?.missing ?? [];
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/packs">Packs</Link> /</>}
        title={p.name}
        subtitle={<>v{p.version} · {installed ? <Badge value={installed.status === 'installed' ? 'installed' : 'warn'} tone={installed.status === 'installed' ? 'ok' : 'warn'} label={installed.status.replace(/_/g, ' ')} /> : 'not installed'} · {p.description}</>}
        actions={installed && can('syncs:run') ? <button type="button" className="btn btn-primary" onClick={() => run.mutate()} disabled={run.isPending}>{run.isPending ? 'Running…' : 'Run now'}</button> : null}
      />
      <div aria-live="polite">
        {run.error ? <ErrorBox error={run.error} title="The pack run failed" /> : null}
        {run.data ? (
          <div className={run.data.status === 'succeeded' ? 'success' : 'error-box'} role="status">
            <strong>Run {run.data.status}</strong> in {fmtDuration(run.data.duration_ms)}
            <ul className="small">{run.data.steps.map((s, i) => <li key={i}>{s.kind} {s.name}: {s.status}{s.error ? ` — ${s.error}` : ''}</li>)}</ul>
          </div>
        ) : null}
        {missing.length ? <div className="notice"><strong>Credentials still missing:</strong> {missing.join(', ')}. {can('admin:*') ? 'Fill them in below and install again.' : 'Ask an administrator to provide them.'}</div> : null}
      </div>
      <div className="grid grid-2">
        <Card title="What it sets up">
          <dl className="props">
            <dt>Connections</dt><dd>{p.connections.map((c) => `${c.id} (${c.connector}${c.optional ? ', optional' : ''})`).join(', ') || '—'}</dd>
            <dt>Models</dt><dd>{p.models.join(', ') || '—'}</dd>
            <dt>Entities</dt><dd>{p.entities.map((e) => `${e.type} from ${e.stream}`).join(', ') || '—'}</dd>
            <dt>Destinations</dt><dd>{p.destinations.map((d) => `${d.id} (${d.kind})`).join(', ') || '—'}</dd>
            <dt>Schedules</dt><dd>{p.schedules.map((s) => `${s.target}: ${s.cron} ${s.timezone}`).join('; ') || '—'}</dd>
            <dt>Dashboards</dt><dd>{p.dashboards.length ? p.dashboards.map((d, i) => <span key={d}>{i ? ', ' : ''}<Link to="/dashboards/$id" params={{ id: d }}>{d}</Link></span>) : '—'}</dd>
          </dl>
        </Card>
        {can('admin:*') ? (
          <Card title={installed ? 'Settings (install again to change)' : 'Install'}>
            <form onSubmit={submit}>
              {p.settings.length === 0 ? <p className="muted">This pack takes no settings.</p> : p.settings.map((s) => (
                <SettingInput key={s.key} s={s} value={values[s.key]} onChange={(v) => setValues((prev) => { const n = { ...prev }; if (v === undefined) delete n[s.key]; else n[s.key] = v; return n; })} />
              ))}
              <div className="field">
                <label htmlFor="pack-sandbox">Sandbox URL</label>
                <input id="pack-sandbox" type="url" value={sandbox} placeholder="http://127.0.0.1:4010" onChange={(e) => setSandbox(e.target.value)} aria-describedby="pack-sandbox-hint" />
                <span className="hint" id="pack-sandbox-hint">Optional: fill every base URL and credential from a running <code>sluice sandbox</code> (the same as <code>sluice pack install --sandbox URL</code>); settings typed above still win.</span>
              </div>
              {install.error ? <ErrorBox error={install.error} title="Not installed" /> : null}
              {install.data ? <p className="success" role="status">Pack {install.data.status.replace(/_/g, ' ')}: {install.data.changes.filter((c) => c.action !== 'unchanged').length} part(s) changed.</p> : null}
              <button type="submit" className="btn btn-primary" disabled={install.isPending}>{installed ? 'Install again (upgrade)' : 'Install pack'}</button>
            </form>
          </Card>
        ) : null}
      </div>
      {installed ? <PackAdmin pack={id} /> : null}
      {status.data ? (
        <Card title="Parts" className="mt">
          <p className="small muted">Installed {fmtDateTime(status.data.installed_at)}{status.data.last_run ? ` · last run ${status.data.last_run.status} ${fmtAgo(status.data.last_run.started_at)}` : ' · never run'}</p>
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Pack parts</caption>
              <thead><tr><th scope="col">Part</th><th scope="col">Kind</th><th scope="col">Last outcome</th><th scope="col">Last run</th><th scope="col">Next run</th><th scope="col">Failures</th></tr></thead>
              <tbody>
                {status.data.parts.map((x) => (
                  <tr key={`${x.kind}-${x.part}-${x.instance}`}>
                    <td>{x.name}{x.instance ? <span className="muted"> ({x.instance})</span> : null}</td>
                    <td>{x.kind}</td>
                    <td>{x.last_status ? <Badge value={x.last_status} /> : <span className="muted">—</span>}</td>
                    <td>{fmtAgo(x.last_run_at)}</td>
                    <td>{fmtDateTime(x.next_run_at)}</td>
                    <td className="wrap small">{x.failures.join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      ) : null}
    </>
  );
}
