import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorBox } from '../../components/ui';

export function SignInPage() {
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/login', { body: { email, password } })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  return (
    <main className="center-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand brand-lg">
          <img src="/favicon.svg" alt="" width="32" height="32" />
          <span>Sluice</span>
        </div>
        <h1 id="signin-title">Sign in</h1>
        <label className="field">
          <span>Email</span>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {login.error ? <ErrorBox error={login.error} title="Could not sign in" /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">
          First start? Create the first administrator with the one-time setup token Sluice printed: <a href="/setup">set up Sluice</a>.
        </p>
      </form>
    </main>
  );
}
