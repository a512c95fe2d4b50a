import { useMutation } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorBox } from '../../components/ui';
import { getRouteApi } from '@tanstack/react-router';

const route = getRouteApi('/setup');

/** First start: the one-time setup token (printed by `sluice start`) creates the first administrator. */
export function SetupPage() {
  const search = route.useSearch();
  const [token, setToken] = useState(search.token ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const setup = useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/auth/setup', { body: { token, email, password } })) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate();
  };
  return (
    <main className="center-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Sluice</h1>
        {setup.isSuccess ? (
          <>
            <p role="status">The administrator {setup.data.email} is ready.</p>
            <Link to="/" className="btn btn-primary btn-block">Sign in</Link>
          </>
        ) : (
          <>
            <p className="muted">Paste the one-time setup token that <code>sluice start</code> printed on first start, and choose the first administrator's email and password (12 characters or more).</p>
            <label className="field">
              <span>Setup token</span>
              <input required value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" />
            </label>
            <label className="field">
              <span>Email</span>
              <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" />
            </label>
            <label className="field">
              <span>Password</span>
              <input type="password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
            </label>
            {setup.error ? <ErrorBox error={setup.error} title="Setup failed" /> : null}
            <button type="submit" className="btn btn-primary btn-block" disabled={setup.isPending}>Create administrator</button>
            <p className="small"><Link to="/">Back to sign in</Link></p>
          </>
        )}
      </form>
    </main>
  );
}
