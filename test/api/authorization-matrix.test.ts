import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { needsRule } from '../../src/api/access-control.js';
import { createServer } from '../../src/api/create-server.js';
import { hasPermission, ROLES, type Permission, type Role } from '../../src/auth/permissions.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';

const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

/** Fills path parameters with values that pass validation but name nothing (so allowed calls end in 404/400). */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => (name === 'id' ? ZERO_UUID : `no-such-${name}`)).replace('/*', '/x');
}

describeEachDatabase('authorization matrix', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  it('covers every API route × {anonymous, viewer, operator, admin} from the route table', async () => {
    const routes = h.server.routeTable.filter((r) => needsRule(r.url));
    expect(routes.length).toBeGreaterThan(30);
    const failures: string[] = [];
    for (const route of routes) {
      const url = concrete(route.url);
      const payload = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      const anon = await h.server.inject({ method: route.method as 'GET', url, ...(payload ? { payload } : {}) });
      if (route.auth === 'public') {
        if (anon.statusCode === 403) failures.push(`${route.method} ${route.url} anonymous: 403 on a public route`);
        continue; // public routes (login, refresh, logout, probes) would end the role sessions used below
      }
      if (anon.statusCode !== 401 || anon.json<{ error: { code: string } }>().error.code !== 'unauthenticated') {
        failures.push(`${route.method} ${route.url} anonymous: ${anon.statusCode}, expected 401`);
      }
      for (const role of ROLES) {
        const r = await h.server.inject({ method: route.method as 'GET', url, headers: bearer(h.tokens[role]), ...(payload ? { payload } : {}) });
        const allowed = route.auth === 'user' || hasPermission(role, route.auth as Permission);
        if (allowed && (r.statusCode === 401 || r.statusCode === 403)) {
          failures.push(`${route.method} ${route.url} ${role}: ${r.statusCode} ${r.body}, expected access`);
        }
        if (!allowed) {
          const body = r.json<{ error: { code: string; details?: { required?: string } } }>();
          if (r.statusCode !== 403 || body.error.code !== 'forbidden' || body.error.details?.required !== route.auth) {
            failures.push(`${route.method} ${route.url} ${role}: ${r.statusCode} ${r.body}, expected 403 forbidden`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('grants as documented: viewers read and export, operators run and manage, admins everything', () => {
    const can = (role: Role, p: Permission) => hasPermission(role, p);
    expect(can('viewer', 'data:export')).toBe(true);
    expect(can('viewer', 'syncs:run')).toBe(false);
    expect(can('viewer', 'connections:write')).toBe(false);
    expect(can('operator', 'syncs:run')).toBe(true);
    expect(can('operator', 'pushes:run')).toBe(true);
    expect(can('operator', 'schedules:write')).toBe(true);
    expect(can('operator', 'users:write')).toBe(false);
    expect(can('operator', 'audit:read')).toBe(false);
    expect(can('admin', 'users:write')).toBe(true);
    expect(can('admin', 'audit:read')).toBe(true);
  });

  it('refuses to start when an API route declares no rule', async () => {
    await expect(
      createServer(h.app, {
        rateLimitKeyPrefix: 'norule',
        extraRoutes: [
          (f) => {
            f.get('/api/v1/unguarded', { schema: { response: { 200: z.object({ ok: z.boolean() }) } } }, async () => ({ ok: true }));
          },
        ],
      }),
    ).rejects.toThrow(/declares no auth rule/);
  });
});
