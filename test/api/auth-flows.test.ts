import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from '../../src/auth/bootstrap-admin.js';
import { lockDurationMs } from '../../src/auth/login-throttle.js';
import { createUser } from '../../src/auth/user-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, login, PASSWORD, startHarness, type Harness } from './api-harness.js';

interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  csrf_token: string;
}

describe('lockout schedule', () => {
  it('allows 5 failures, then doubles the lock from 30 s up to an hour', () => {
    expect([4, 5, 6, 7, 20].map(lockDurationMs)).toEqual([0, 30_000, 60_000, 120_000, 3_600_000]);
  });
});

describeEachDatabase('authentication', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    h.server.inject({ method: 'POST', url, payload: payload as object, headers });
  // The clock moves in these tests, so role tokens are minted when needed rather than taken from the harness.
  const tokenOf = (role: 'admin' | 'operator' | 'viewer') => login(h.server, `${role}@example.com`);
  const me = (token: string) => h.server.inject({ url: '/api/v1/auth/me', headers: bearer(token) });

  it('logs in with tokens and httpOnly SameSite cookies; wrong passwords get one 401 shape', async () => {
    const r = await post('/api/v1/auth/login', { email: 'Operator@Example.com', password: PASSWORD });
    expect(r.statusCode).toBe(200);
    const body = r.json<Tokens>();
    expect(body.expires_in).toBe(900);
    const cookies = [r.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(/sluice_access=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/sluice_refresh=[^;]+;.*Path=\/api\/v1\/auth;.*HttpOnly/);
    expect(cookies).toMatch(/SameSite=Strict/);
    const bad = await post('/api/v1/auth/login', { email: 'operator@example.com', password: 'wrong password!!' });
    const unknown = await post('/api/v1/auth/login', { email: 'nobody@example.com', password: 'wrong password!!' });
    expect(bad.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(bad.json()).toEqual(unknown.json());
  });

  it('rejects an expired access token, then refresh gives a working one', async () => {
    const t = (await post('/api/v1/auth/login', { email: 'viewer@example.com', password: PASSWORD })).json<Tokens>();
    expect((await me(t.access_token)).statusCode).toBe(200);
    h.clock.now = new Date(h.clock.now.getTime() + 901_000);
    const expired = await me(t.access_token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ error: { code: 'unauthenticated', details: { reason: 'token_expired' } } });
    const next = await post('/api/v1/auth/refresh', { refresh_token: t.refresh_token });
    expect(next.statusCode).toBe(200);
    expect((await me(next.json<Tokens>().access_token)).statusCode).toBe(200);
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const first = (await post('/api/v1/auth/login', { email: 'viewer@example.com', password: PASSWORD })).json<Tokens>();
    const second = (await post('/api/v1/auth/refresh', { refresh_token: first.refresh_token })).json<Tokens>();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    const third = (await post('/api/v1/auth/refresh', { refresh_token: second.refresh_token })).json<Tokens>();
    expect((await me(third.access_token)).statusCode).toBe(200);

    const reuse = await post('/api/v1/auth/refresh', { refresh_token: first.refresh_token });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toMatchObject({ error: { details: { reason: 'refresh_token_reused' } } });
    // The attacker's copy and the legitimate latest token are both dead now, and so is the session's access token.
    expect((await post('/api/v1/auth/refresh', { refresh_token: third.refresh_token })).statusCode).toBe(401);
    expect((await me(third.access_token)).statusCode).toBe(401);
    const audit = await h.app.db.query<{ action: string }>(`select action from audit_log where action = 'auth.refresh_reuse'`);
    expect(audit.rows.length).toBeGreaterThan(0);
  });

  it('logout ends the session at once', async () => {
    const t = (await post('/api/v1/auth/login', { email: 'viewer@example.com', password: PASSWORD })).json<Tokens>();
    expect((await post('/api/v1/auth/logout', {}, bearer(t.access_token))).statusCode).toBe(200);
    expect((await me(t.access_token)).statusCode).toBe(401);
    expect((await post('/api/v1/auth/refresh', { refresh_token: t.refresh_token })).statusCode).toBe(401);
  });

  it('locks an account progressively after repeated failures, even with the right password', async () => {
    await createUser(h.app.db, { email: 'locked@example.com', password: PASSWORD, role: 'viewer' });
    for (let i = 0; i < 5; i++) {
      expect((await post('/api/v1/auth/login', { email: 'locked@example.com', password: 'not the password' })).statusCode).toBe(401);
    }
    const locked = await post('/api/v1/auth/login', { email: 'locked@example.com', password: PASSWORD });
    expect(locked.statusCode).toBe(423);
    expect(locked.json()).toMatchObject({ error: { code: 'account_locked' } });
    expect(Number(locked.headers['retry-after'])).toBe(30);
    h.clock.now = new Date(h.clock.now.getTime() + 31_000);
    // One more failure after the lock doubles it.
    expect((await post('/api/v1/auth/login', { email: 'locked@example.com', password: 'still wrong' })).statusCode).toBe(401);
    const again = await post('/api/v1/auth/login', { email: 'locked@example.com', password: PASSWORD });
    expect(again.statusCode).toBe(423);
    expect(Number(again.headers['retry-after'])).toBe(60);
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    expect((await post('/api/v1/auth/login', { email: 'locked@example.com', password: PASSWORD })).statusCode).toBe(200);
  });

  it('issues hashed, role-capped, expiring API tokens', async () => {
    const denied = await post('/api/v1/tokens', { name: 'too much', role: 'admin' }, bearer(await tokenOf('operator')));
    expect(denied.statusCode).toBe(403);
    const created = await post('/api/v1/tokens', { name: 'export script', role: 'viewer', expires_in_days: 1 }, bearer(await tokenOf('operator')));
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json<{ token: string; id: string }>();
    const stored = await h.app.db.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [id]);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
    expect(JSON.stringify(stored.rows)).not.toContain(token.slice(4));
    const who = await me(token);
    expect(who.json()).toMatchObject({ role: 'viewer', credential: 'api_token', email: 'operator@example.com' });
    // Scoped by its role: a viewer token cannot start a sync although its owner could.
    const sync = await post('/api/v1/connections/x/sync', {}, bearer(token));
    expect(sync.statusCode).toBe(403);
    h.clock.now = new Date(h.clock.now.getTime() + 86_401_000);
    expect((await me(token)).statusCode).toBe(401);

    const second = (await post('/api/v1/tokens', { name: 'revoked' }, bearer(await tokenOf('admin')))).json<{ token: string; id: string }>();
    expect((await me(second.token)).statusCode).toBe(200);
    const del = await h.server.inject({ method: 'DELETE', url: `/api/v1/tokens/${second.id}`, headers: bearer(await tokenOf('admin')) });
    expect(del.statusCode).toBe(204);
    expect((await me(second.token)).statusCode).toBe(401);
  });

  it('protects cookie sessions with a CSRF token', async () => {
    const r = await post('/api/v1/auth/login', { email: 'admin@example.com', password: PASSWORD });
    const { csrf_token: csrf } = r.json<Tokens>();
    const cookies = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
    const cookieHeader = `sluice_access=${cookies.sluice_access}; sluice_csrf=${cookies.sluice_csrf}`;
    const read = await h.server.inject({ url: '/api/v1/auth/me', headers: { cookie: cookieHeader } });
    expect(read.json()).toMatchObject({ email: 'admin@example.com', credential: 'session' });
    const payload = { email: 'csrf@example.com', password: PASSWORD, role: 'viewer' };
    const forged = await h.server.inject({ method: 'POST', url: '/api/v1/users', payload, headers: { cookie: cookieHeader } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json()).toMatchObject({ error: { code: 'csrf_failed' } });
    const ok = await h.server.inject({ method: 'POST', url: '/api/v1/users', payload, headers: { cookie: cookieHeader, 'x-csrf-token': csrf } });
    expect(ok.statusCode).toBe(201);
  });

  it('takes a demotion or a disabled account into effect at once', async () => {
    await createUser(h.app.db, { email: 'temp@example.com', password: PASSWORD, role: 'operator' });
    const token = await login(h.server, 'temp@example.com');
    const id = (await me(token)).json<{ id: string }>().id;
    const patch = async (body: object) => h.server.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, payload: body, headers: bearer(await tokenOf('admin')) });
    expect((await patch({ role: 'viewer' })).statusCode).toBe(200);
    expect((await post('/api/v1/connections/x/sync', {}, bearer(token))).statusCode).toBe(403);
    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await me(token)).statusCode).toBe(401);
    expect((await post('/api/v1/auth/login', { email: 'temp@example.com', password: PASSWORD })).statusCode).toBe(401);
  });

  it('refuses to remove the last admin', async () => {
    const adminId = (await me(await tokenOf('admin'))).json<{ id: string }>().id;
    const r = await h.server.inject({ method: 'DELETE', url: `/api/v1/users/${adminId}`, headers: bearer(await tokenOf('admin')) });
    expect(r.statusCode).toBe(409);
  });
});

describeEachDatabase('first start', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
    await h.app.db.query('delete from users');
  });
  afterAll(async () => h?.close());

  it('prints a one-time setup token when no admin is configured, and it works once', async () => {
    const r = await bootstrapAdmin(h.app.db, { adminEmail: undefined, adminPassword: undefined });
    expect(r.kind).toBe('setup');
    if (r.kind !== 'setup') return;
    const body = { token: r.token, email: 'first@example.com', password: PASSWORD };
    expect((await h.server.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: body })).statusCode).toBe(201);
    expect((await h.server.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: body })).statusCode).toBe(401);
    expect(await login(h.server, 'first@example.com')).toMatch(/^ey/);
    expect((await bootstrapAdmin(h.app.db, { adminEmail: 'x@example.com', adminPassword: PASSWORD })).kind).toBe('existing');
  });

  it('creates the admin from the environment on an empty database', async () => {
    await h.app.db.query('delete from users');
    const r = await bootstrapAdmin(h.app.db, { adminEmail: 'env-admin@example.com', adminPassword: PASSWORD });
    expect(r).toEqual({ kind: 'created', email: 'env-admin@example.com' });
    expect(await login(h.server, 'env-admin@example.com')).toMatch(/^ey/);
  });
});
