import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, ApiError, unwrap } from '../api/client';
import type { Me } from '../api/types';
import { SessionContext } from '../auth/session';
import { SignInPage } from '../features/auth/sign-in-page';
import { ErrorBox, Loading } from './ui';

interface NavItem {
  to: '/' | '/data' | '/changes' | '/dashboards' | '/review' | '/connections' | '/jobs' | '/destinations' | '/packs' | '/admin' | '/health';
  label: string;
  /** Shown only to users holding one of these permissions. */
  any?: readonly string[];
}

const NAV: readonly NavItem[] = [
  { to: '/', label: 'Overview' },
  { to: '/data', label: 'Data', any: ['data:read'] },
  { to: '/changes', label: 'Changes', any: ['data:read'] },
  { to: '/dashboards', label: 'Dashboards', any: ['data:read'] },
  { to: '/review', label: 'Review', any: ['review:read'] },
  { to: '/connections', label: 'Connections', any: ['connections:read'] },
  { to: '/jobs', label: 'Jobs', any: ['runs:read', 'jobs:read'] },
  { to: '/destinations', label: 'Destinations', any: ['destinations:read'] },
  { to: '/packs', label: 'Packs', any: ['connections:read'] },
  { to: '/admin', label: 'Admin', any: ['users:read', 'tokens:write', 'audit:read'] },
  { to: '/health', label: 'Health' },
];

function meQuery() {
  return {
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await unwrap(api.GET('/api/v1/auth/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  };
}

/** The signed-in shell, or the sign-in form in place (the URL stays, so signing in lands on the page asked for). */
export function RootLayout() {
  const me = useQuery(meQuery());
  const path = useRouterState({ select: (s) => s.location.pathname });
  if (path === '/setup') return <Outlet />;
  if (me.isPending) return <Loading label="Opening Sluice…" />;
  if (me.error) return <main className="center-page"><ErrorBox error={me.error} title="Sluice did not answer" /></main>;
  if (!me.data) return <SignInPage />;
  return (
    <SessionContext.Provider value={me.data}>
      <Shell me={me.data} />
    </SessionContext.Provider>
  );
}

function Shell({ me }: { me: Me }) {
  const [menuOpen, setMenuOpen] = useState(false);
  const path = useRouterState({ select: (s) => s.location.pathname });
  const qc = useQueryClient();
  useEffect(() => setMenuOpen(false), [path]);
  const can = (any?: readonly string[]) => !any || me.permissions.includes('admin:*') || any.some((p) => me.permissions.includes(p));
  const signOut = async () => {
    await api.POST('/api/v1/auth/logout', { body: {} });
    qc.clear();
    // A fresh page: nothing of the signed-out session stays in memory; the sign-in form shows on this same URL.
    window.location.reload();
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Sluice home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Sluice</span>
        </Link>
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
      </header>
      <nav id="main-nav" aria-label="Main" className={`sidebar ${menuOpen ? 'open' : ''}`}>
        <ul>
          {NAV.filter((n) => can(n.any)).map((n) => (
            <li key={n.to}>
              <Link to={n.to} activeOptions={{ exact: n.to === '/' }} activeProps={{ className: 'active', 'aria-current': 'page' }}>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="whoami">
          <div className="who-email" title={me.email}>{me.email}</div>
          <div className="who-role">{me.role}</div>
          <button type="button" className="btn btn-quiet" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
