import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Get } from '../../api/types';
import { useCan } from '../../auth/session';
import { Badge, Card, EmptyState, ErrorBox, Loading } from '../../components/ui';

type Dealer = Get<'/api/v1/packs/dgi-dealers/dealers'>['items'][number];
type Fields = Record<'name' | 'dealer_id' | 'dealer_name' | 'api_key' | 'secret_key' | 'base_url', string>;
const EMPTY: Fields = { name: '', dealer_id: '', dealer_name: '', api_key: '', secret_key: '', base_url: '' };

function TextField(props: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string; secret?: boolean; required?: boolean; maxLength?: number; type?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}{props.required ? ' *' : ''}</label>
      <input
        id={props.id}
        type={props.secret ? 'password' : props.type ?? 'text'}
        autoComplete={props.secret ? 'new-password' : 'off'}
        required={props.required}
        maxLength={props.maxLength}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint ? <span className="hint" id={`${props.id}-hint`}>{props.hint}</span> : null}
    </div>
  );
}

/** Only what was typed: an update keeps every setting and key that is left blank. */
function filled(f: Partial<Fields>): Partial<Fields> {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined && v.trim() !== '')) as Partial<Fields>;
}

/** The dgi-dealers pack's dealer admin: each dealer is a DGI connection with one schedule per job type. */
export function DgiDealersAdmin() {
  const can = useCan();
  const qc = useQueryClient();
  const dealers = useQuery({ queryKey: ['dgi-dealers'], queryFn: () => unwrap(api.GET('/api/v1/packs/dgi-dealers/dealers')) });
  const refresh = async () => {
    for (const k of ['dgi-dealers', 'pack-status', 'connections', 'schedules']) await qc.invalidateQueries({ queryKey: [k] });
  };
  const [form, setForm] = useState<Fields>(EMPTY);
  const [editing, setEditing] = useState<string>();
  const add = useMutation({
    mutationFn: () => {
      const { name, dealer_id, dealer_name, api_key, secret_key, base_url } = form;
      return unwrap(api.POST('/api/v1/packs/dgi-dealers/dealers', { body: { name, dealer_id, dealer_name, api_key, secret_key, ...(base_url ? { base_url } : {}) } }));
    },
    onSuccess: async () => {
      setForm(EMPTY);
      await refresh();
    },
  });
  const toggle = useMutation({
    mutationFn: (d: Dealer) => d.active
      ? unwrap(api.POST('/api/v1/packs/dgi-dealers/dealers/{name}/deactivate', { params: { path: { name: d.name } } }))
      : unwrap(api.POST('/api/v1/packs/dgi-dealers/dealers/{name}/activate', { params: { path: { name: d.name } } })),
    onSuccess: refresh,
  });
  const admin = can('admin:*');
  const set = (k: keyof Fields) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <Card title="Dealers" className="mt">
      <p className="small muted">Each dealer is a DGI connection (<code>sluice sync &lt;name&gt;</code>) with one schedule per job type. Keys are write-only; a deactivated dealer keeps its data and runs nothing.</p>
      {dealers.isPending ? <Loading /> : dealers.error ? <ErrorBox error={dealers.error} /> : dealers.data.items.length === 0 ? (
        <EmptyState title="No dealer yet">{admin ? 'Add the first dealer below with its ODA code and the API keys DGI issued for it.' : 'An administrator adds dealers here.'}</EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Dealers</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">ODA code</th><th scope="col">Dealer</th><th scope="col">State</th><th scope="col">Schedules</th><th scope="col">Keys stored</th>{admin ? <th scope="col">Actions</th> : null}</tr></thead>
            <tbody>
              {dealers.data.items.map((d) => (
                <tr key={d.name}>
                  <td><Link to="/connections/$name" params={{ name: d.name }}>{d.name}</Link></td>
                  <td className="mono">{d.dealer_id ?? '—'}</td>
                  <td>{d.dealer_name ?? '—'}</td>
                  <td><Badge value={d.active ? 'active' : 'paused'} label={d.active ? 'active' : 'inactive'} /></td>
                  <td className="num">{d.schedules}</td>
                  <td className="small">{d.secrets_set.join(', ') || 'none'}</td>
                  {admin ? (
                    <td className="nowrap">
                      <button type="button" className="btn btn-small" aria-label={`Edit ${d.name}`} onClick={() => setEditing(editing === d.name ? undefined : d.name)}>Edit</button>{' '}
                      <button type="button" className={`btn btn-small ${d.active ? 'btn-danger' : ''}`} aria-label={`${d.active ? 'Deactivate' : 'Activate'} ${d.name}`} disabled={toggle.isPending} onClick={() => toggle.mutate(d)}>{d.active ? 'Deactivate' : 'Activate'}</button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div aria-live="polite">
        {toggle.error ? <ErrorBox error={toggle.error} /> : null}
        {toggle.data ? <p className="success" role="status">{toggle.data.name} is {toggle.data.active ? 'active' : 'inactive'}.</p> : null}
      </div>
      {admin && editing ? <EditDealer key={editing} name={editing} onDone={async () => { setEditing(undefined); await refresh(); }} /> : null}
      {admin ? (
        <form onSubmit={submit} aria-label="Add a dealer" className="mt">
          <h3>Add a dealer</h3>
          <div className="grid grid-2">
            <TextField id="dealer-name" label="Connection name" value={form.name} onChange={set('name')} required maxLength={41} hint="what sluice sync and the job history call it, e.g. D12284" />
            <TextField id="dealer-id" label="ODA code" value={form.dealer_id} onChange={set('dealer_id')} required hint="the dealer id DGI issued (at most 10 characters)" />
            <TextField id="dealer-dealer-name" label="Dealer name" value={form.dealer_name} onChange={set('dealer_name')} required />
            <TextField id="dealer-base-url" label="Base URL" type="url" value={form.base_url} onChange={set('base_url')} hint="leave blank for the pack's DGI host" />
            <TextField id="dealer-api-key" label="API key" secret value={form.api_key} onChange={set('api_key')} required hint="stored encrypted, never shown again" />
            <TextField id="dealer-secret-key" label="Secret key" secret value={form.secret_key} onChange={set('secret_key')} required hint="stored encrypted, never shown again" />
          </div>
          {add.error ? <ErrorBox error={add.error} title="The dealer was not added" /> : null}
          {add.data ? <p className="success" role="status">Dealer {add.data.name} added with {add.data.schedules} schedules.</p> : null}
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>{add.isPending ? 'Adding…' : 'Add dealer'}</button>
        </form>
      ) : null}
    </Card>
  );
}

function EditDealer({ name, onDone }: { name: string; onDone: () => Promise<void> }) {
  const [form, setForm] = useState<Partial<Fields>>({});
  const save = useMutation({
    mutationFn: () => {
      const f = filled(form);
      return unwrap(api.PATCH('/api/v1/packs/dgi-dealers/dealers/{name}', {
        params: { path: { name } },
        body: { ...(f.dealer_name ? { dealer_name: f.dealer_name } : {}), ...(f.base_url ? { base_url: f.base_url } : {}), ...(f.api_key ? { api_key: f.api_key } : {}), ...(f.secret_key ? { secret_key: f.secret_key } : {}) },
      }));
    },
    onSuccess: onDone,
  });
  const set = (k: keyof Fields) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <form aria-label={`Edit dealer ${name}`} className="mt" onSubmit={(e) => { e.preventDefault(); save.mutate(); }}>
      <h3>Edit {name}</h3>
      <p className="small muted">Only what you fill in changes; blank fields keep their stored value.</p>
      <div className="grid grid-2">
        <TextField id="edit-dealer-name" label="Dealer name" value={form.dealer_name ?? ''} onChange={set('dealer_name')} />
        <TextField id="edit-base-url" label="Base URL" type="url" value={form.base_url ?? ''} onChange={set('base_url')} />
        <TextField id="edit-api-key" label="New API key" secret value={form.api_key ?? ''} onChange={set('api_key')} />
        <TextField id="edit-secret-key" label="New secret key" secret value={form.secret_key ?? ''} onChange={set('secret_key')} />
      </div>
      {save.error ? <ErrorBox error={save.error} title="The dealer was not changed" /> : null}
      <button type="submit" className="btn btn-primary" disabled={save.isPending}>Save dealer</button>
    </form>
  );
}
