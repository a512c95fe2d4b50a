import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';

/**
 * The Dockerfile, deploy/compose.yaml and deploy/Caddyfile checked without a Docker daemon (CI builds and starts
 * them when it has one): the shape the README promises, commands that exist, settings Sluice accepts.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  healthcheck?: { disable?: boolean; test?: string[] };
  depends_on?: Record<string, { condition: string }>;
  build?: { context: string; target: string };
}

const compose = parse(read('deploy/compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;

it('compose: PostgreSQL, Redis, two `sluice server` behind a proxy, three `sluice worker`, migrations first', () => {
  expect(Object.keys(services).sort()).toEqual(['migrate', 'postgres', 'proxy', 'redis', 'server-a', 'server-b', 'worker']);
  expect(services['server-a']?.command).toEqual(['server']);
  expect(services['server-b']?.command).toEqual(['server']);
  expect(services.worker?.command).toEqual(['worker']);
  expect(services.worker?.deploy?.replicas).toBe(3);
  expect(services.worker?.healthcheck?.disable).toBe(true);
  for (const name of ['server-a', 'server-b', 'worker']) {
    expect(services[name]?.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
    expect(services[name]?.depends_on?.postgres?.condition, name).toBe('service_healthy');
  }
  expect(Object.keys(services.proxy?.depends_on ?? {}).sort()).toEqual(['server-a', 'server-b']);
  // Every command a container runs is a real CLI command.
  for (const [name, s] of Object.entries(services).filter(([, s]) => s.image?.startsWith('sluice:'))) {
    const cmd = s.command?.[0] ?? '';
    expect(existsSync(join(ROOT, `src/cli/${cmd}.command.ts`)), `${name} runs "sluice ${cmd}"`).toBe(true);
  }
});

it('compose: the Sluice environment is one Sluice accepts (defaults filled in, required values given)', () => {
  const env = services['server-a']?.environment ?? {};
  expect(env.SLUICE_DATABASE_URL).toMatch(/@postgres:5432\//);
  expect(env.SLUICE_REDIS_URL).toBe('redis://redis:6379');
  const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)
    .replace(/\$\{(\w+):\?[^}]*\}/g, (_m, name: string) => (name === 'SLUICE_SECRET_KEY' ? Buffer.alloc(32, 1).toString('base64') : 'x'))
    .replace(/\$\{\w+:-([^}]*)\}/g, '$1')]));
  const config = loadConfig({ ...resolved, SLUICE_DATA_DIR: '/data' });
  expect(config.databaseUrl).toBe('postgres://sluice:sluice@postgres:5432/sluice');
  expect(config.storage.dir).toBe('/files');
  expect(config.server.secretKey).toBeDefined();
});

it('Caddyfile: balances the API, health and metrics routes over exactly the compose servers, checking readiness', () => {
  const caddy = read('deploy/Caddyfile');
  const upstreams = /reverse_proxy ([^{]+)\{/.exec(caddy)?.[1]?.trim().split(/\s+/) ?? [];
  expect(upstreams.sort()).toEqual(['server-a:8080', 'server-b:8080']);
  expect(caddy).toMatch(/health_uri \/health\/ready/);
  expect(caddy).toMatch(/@backend path \/api\/\* \/health\/\* \/metrics/);
  expect(read('src/api/routes/health.routes.ts')).toMatch(/f\.get\('\/health\/ready'/);
});

it('Dockerfile: multi-stage, production dependencies only, non-root, HEALTHCHECK on the readiness route', () => {
  const df = read('Dockerfile');
  const stages = [...df.matchAll(/^FROM \S+ AS (\w+)/gm)].map((m) => m[1]);
  expect(stages).toEqual(['deps', 'web', 'runtime', 'proxy']);
  const runtime = df.slice(df.indexOf('AS runtime'), df.indexOf('AS proxy'));
  expect(runtime).toMatch(/^USER node$/m);
  expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/health\/ready/m);
  expect(runtime).toMatch(/^ENTRYPOINT \["node", "bin\/sluice"\]$/m);
  expect(df).toMatch(/npm ci --omit=dev/);
  // Everything the runtime stage copies from the build context exists (and the context does not ignore it).
  const ignored = read('.dockerignore').split('\n').filter(Boolean);
  for (const m of runtime.matchAll(/^COPY (?!--from)(?:--\S+ )*(.+) \S+$/gm)) {
    for (const src of (m[1] ?? '').split(/\s+/)) {
      expect(existsSync(join(ROOT, src)), src).toBe(true);
      expect(ignored, src).not.toContain(src);
    }
  }
});
