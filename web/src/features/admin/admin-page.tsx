import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import type { Role } from '../../api/types';
import { useCan, useSession } from '../../auth/session';
import { fmtAgo, fmtDateTime } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/admin');
const ROLES: Role[] = ['viewer', 'operator', 'admin'];

export function AdminPage() {
  const can = useCan();
  const search = route.useSearch();
  const tabs = [
    ...(can('users:read') ? [{ id: 'users' as const, label: 'Users' }] : []),
    ...(can('tokens:write') ? [{ id: 'tokens' as const, label: 'API tokens' }] : []),
    ...(can('audit:read') ? [{ id: 'audit' as const, label: 'Audit log' }] : []),
  ];
  const tab = tabs.find((t) => t.id === search.tab)?.id ?? tabs[0]?.id;
  return (
    <>
      <PageHeader title="Admin" subtitle="People, their roles, API tokens for scripts, and the audit log of who did what." />
      <nav className="tabs" aria-label="Admin sections">
        {tabs.map((t) => <Link key={t.id} to="/admin" search={{ tab: t.id }} className={tab === t.id ? 'active' : ''} aria-current={tab === t.id ? 'page' : undefined}>{t.label}</Link>)}
      </nav>
      {tab === 'users' ? <UsersTab /> : tab === 'tokens' ? <TokensTab /> : tab === 'audit' ? <AuditTab /> : null}
    </>
  );
}

function UsersTab() {
  const can = useCan();
  const me = useSession();
  const qc = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: () => unwrap(api.GET('/api/v1/users')) });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users', { body: { email, password, role } })),
    onSuccess: async () => {
      setEmail('');
      setPassword('');
      await qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: { role?: Role; disabled?: boolean } }) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const [confirming, setConfirming] = useState<string>();
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: async () => {
      setConfirming(undefined);
      await qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  const writable = can('users:write');
  return (
    <div className="stack">
      {users.isPending ? <Loading /> : users.error ? <ErrorBox error={users.error} /> : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Users</caption>
            <thead><tr><th scope="col">Email</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Last sign-in</th>{writable ? <th scope="col">Actions</th> : null}</tr></thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td>{u.email}{u.id === me.id ? <span className="muted"> (you)</span> : null}</td>
                  <td>
                    {writable && u.id !== me.id ? (
                      <select aria-label={`Role of ${u.email}`} value={u.role} onChange={(e) => update.mutate({ id: u.id, patch: { role: e.target.value as Role } })}>
                        {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                      </select>
                    ) : u.role}
                  </td>
                  <td><Badge value={u.disabled ? 'disabled' : 'active'} /></td>
                  <td>{fmtAgo(u.last_login_at)}</td>
                  {writable ? (
                    <td className="nowrap">{u.id !== me.id ? (
                      <>
                        <button type="button" className="btn btn-small" onClick={() => update.mutate({ id: u.id, patch: { disabled: !u.disabled } })}>{u.disabled ? 'Enable' : 'Disable'}</button>{' '}
                        {confirming === u.id ? (
                          <>
                            <button type="button" className="btn btn-small btn-danger" aria-label={`Confirm deleting ${u.email}`} onClick={() => remove.mutate(u.id)} disabled={remove.isPending}>Confirm delete</button>{' '}
                            <button type="button" className="btn btn-small" onClick={() => setConfirming(undefined)}>Keep</button>
                          </>
                        ) : <button type="button" className="btn btn-small btn-danger" aria-label={`Delete ${u.email}`} onClick={() => setConfirming(u.id)}>Delete</button>}
                      </>
                    ) : null}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {update.error ? <ErrorBox error={update.error} /> : null}
      {remove.error ? <ErrorBox error={remove.error} title="The user was not deleted" /> : null}
      {writable ? (
        <Card title="Add a user">
          <form className="toolbar" onSubmit={submit}>
            <label className="field"><span>Email</span><input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" /></label>
            <label className="field"><span>Initial password</span><input type="password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" /></label>
            <label className="field"><span>Role</span><select value={role} onChange={(e) => setRole(e.target.value as Role)}>{ROLES.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
            <button type="submit" className="btn btn-primary" disabled={add.isPending}>Add user</button>
          </form>
          {add.error ? <ErrorBox error={add.error} title="The user was not added" /> : null}
          {add.isSuccess ? <p className="success" role="status">{add.data.email} can now sign in.</p> : null}
        </Card>
      ) : null}
    </div>
  );
}

function TokensTab() {
  const me = useSession();
  const qc = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => unwrap(api.GET('/api/v1/tokens')) });
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [days, setDays] = useState(90);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/tokens', { body: { name, role, expires_in_days: days } })),
    onSuccess: async () => {
      setName('');
      await qc.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const allowed = ROLES.slice(0, ROLES.indexOf(me.role) + 1);
  return (
    <div className="stack">
      <Card title="Create a token">
        <form className="toolbar" onSubmit={submit}>
          <label className="field"><span>Token name</span><input required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></label>
          <label className="field"><span>Role</span><select value={role} onChange={(e) => setRole(e.target.value as Role)}>{allowed.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
          <label className="field"><span>Expires in (days)</span><input type="number" min={1} max={3650} value={days} onChange={(e) => setDays(Number(e.target.value))} /></label>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>Create token</button>
        </form>
        {create.error ? <ErrorBox error={create.error} title="No token was created" /> : null}
        {create.data ? (
          <div className="success" role="status">
            <strong>Copy this token now: it is shown only once.</strong>
            <p><label>Token <input readOnly value={create.data.token} className="mono" style={{ width: '100%' }} onFocus={(e) => e.target.select()} /></label></p>
            <p className="small">Use it as <code>Authorization: Bearer …</code>. It expires {fmtDateTime(create.data.expires_at)}.</p>
          </div>
        ) : null}
      </Card>
      {tokens.isPending ? <Loading /> : tokens.error ? <ErrorBox error={tokens.error} /> : tokens.data.items.length === 0 ? (
        <EmptyState title="No API token">Scripts and other systems use API tokens instead of a password. Create one above.</EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">API tokens</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Owner</th><th scope="col">Role</th><th scope="col">Prefix</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td><td>{t.user_email}</td><td>{t.role}</td><td className="mono">{t.prefix}…</td><td>{fmtDateTime(t.expires_at)}</td><td>{fmtAgo(t.last_used_at)}</td>
                  <td><Badge value={t.revoked_at ? 'revoked' : 'active'} tone={t.revoked_at ? 'muted' : 'ok'} /></td>
                  <td>{t.revoked_at ? null : <button type="button" className="btn btn-small btn-danger" onClick={() => revoke.mutate(t.id)}>Revoke</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {revoke.error ? <ErrorBox error={revoke.error} /> : null}
    </div>
  );
}

function AuditTab() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const filters = { ...(search.action ? { action: search.action } : {}), ...(search.actor ? { actor: search.actor } : {}) };
  const audit = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit', { params: { query: { limit: 100, ...filters, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: 0,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <form className="toolbar" onSubmit={(e) => { e.preventDefault(); const fd = new FormData(e.currentTarget); void navigate({ search: { tab: 'audit', action: String(fd.get('action') ?? '') || undefined, actor: String(fd.get('actor') ?? '') || undefined } }); }}>
        <label className="field"><span>Action</span><input name="action" defaultValue={search.action ?? ''} placeholder="e.g. records.export" /></label>
        <label className="field"><span>Actor</span><input name="actor" defaultValue={search.actor ?? ''} placeholder="email or token" /></label>
        <button type="submit" className="btn">Filter</button>
      </form>
      {audit.isPending ? <Loading /> : audit.error ? <ErrorBox error={audit.error} /> : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Audit log</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Details</th></tr></thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}><td className="nowrap">{fmtDateTime(a.at)}</td><td>{a.actor}</td><td className="mono small">{a.action}</td><td>{a.target ?? ''}</td><td><Badge value={a.outcome} tone={a.outcome === 'ok' || a.outcome === 'success' ? 'ok' : 'warn'} /></td><td className="wrap small mono">{a.details ? JSON.stringify(a.details) : ''}</td></tr>
              ))}
              {rows.length === 0 ? <tr><td colSpan={6} className="muted">No entry matches.</td></tr> : null}
            </tbody>
          </table>
        </div>
      )}
      {audit.hasNextPage ? <div className="pager"><button type="button" className="btn" onClick={() => void audit.fetchNextPage()}>Older entries</button></div> : null}
    </>
  );
}
