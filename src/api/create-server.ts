import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { createAccessTokenIssuer, deriveJwtKey } from '../auth/access-token.js';
import { createAuthService, type AuthService } from '../auth/auth-service.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { AppContext } from '../main/app-context.js';
import { createBackgroundSyncs } from './background-syncs.js';
import type { Logger } from '../observability/logger.js';
import { createSecretsProvider, type SecretsProvider } from '../secrets/secrets-provider.js';
import { loadSecretKey } from '../store/secret-box.js';
import { registerAccessControl } from './access-control.js';
import { registerRequestTracing } from './trace-requests.js';
import type { ApiDeps, RouteModule } from './api-deps.js';
import type { HealthProbes } from './health-checks.js';
import { toHttpError } from './http-error.js';
import { createApiRateLimiter } from './rate-limit.js';
import type { RouteEntry } from './route-rule.js';
import { API_ROUTE_MODULES } from './routes/index.js';
import { registerWebRoutes, type WebFallback } from './routes/web.routes.js';
import { httpRequestDuration, upGauge } from './server-metrics.js';

export interface CreateServerOptions {
  /** Serve the web UI folder (web/dist) or the built-in status page at `/` (`sluice start`); API only otherwise. */
  readonly web?: { readonly dir?: string | undefined } | false;
  /** Probes of modules started next to the API (job queue) for /health/ready. */
  readonly probes?: HealthProbes;
  /** Injected clock (tests move time for token expiry and lockout). */
  readonly now?: () => Date;
  /** Secret provider; built from config (Key Vault or environment) when absent. */
  readonly secrets?: SecretsProvider;
  /** Extra route modules (e.g. jobs routes when the worker runs in-process). */
  readonly extraRoutes?: readonly RouteModule[];
  /** Rate-limit key namespace (tests isolate servers sharing one Redis). */
  readonly rateLimitKeyPrefix?: string;
  readonly logger?: Logger;
  /** Job queue client (sync now, /jobs); without one, syncs started through the API run in this process. */
  readonly jobs?: JobQueue | undefined;
}

export interface SluiceServer extends FastifyInstance {
  /** Every route with its auth rule, as registered (the authorization matrix is generated from it). */
  readonly routeTable: readonly RouteEntry[];
  readonly authService: AuthService;
}

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;

function jobQueueProbe(jobs: JobQueue): NonNullable<HealthProbes['jobQueue']> {
  return async () => ({ ok: true, message: `${await jobs.depth()} job(s) waiting` });
}

/** Builds the HTTP server (Fastify 5) over an app context; shared by `sluice start`, `sluice server` and tests. */
export async function createServer(app: AppContext, opts: CreateServerOptions = {}): Promise<SluiceServer> {
  const { config } = app;
  const now = opts.now ?? (() => new Date());
  const logger = (opts.logger ?? app.logger).child({ component: 'api' });
  // Typed as Fastify's logger interface so the instance has the default logger type route modules are written for.
  const fastifyLogger: FastifyBaseLogger = logger;
  const fastify = Fastify({
    loggerInstance: fastifyLogger,
    bodyLimit: config.server.bodyLimitBytes,
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: config.logLevel === 'silent' }),
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID_RE.test(h) ? h : randomUUID();
    },
  });
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  const issuer = createAccessTokenIssuer(
    deriveJwtKey(loadSecretKey({ secretKey: config.server.secretKey, dataDir: config.dataDir })),
    config.server.accessTokenTtlSeconds,
  );
  const auth = createAuthService({ db: app.db, issuer, refreshTtlSeconds: config.server.refreshTokenTtlSeconds, now });
  const limiter = createApiRateLimiter({
    perMinute: config.server.rateLimitPerMinute,
    redisUrl: config.redisUrl,
    ...(opts.rateLimitKeyPrefix ? { keyPrefix: opts.rateLimitKeyPrefix } : {}),
  });
  const httpFactory = app.http as AppContext['http'] & { breakerStates?: () => Record<string, 'closed' | 'open' | 'half_open'> };
  const probes: HealthProbes = {
    ...(httpFactory.breakerStates ? { breakerStates: () => httpFactory.breakerStates?.() ?? {} } : {}),
    // With a job queue attached, readiness checks it answers unless the caller brought its own probe.
    ...(opts.jobs ? { jobQueue: jobQueueProbe(opts.jobs) } : {}),
    ...opts.probes,
  };
  const secrets =
    opts.secrets ??
    createSecretsProvider({ db: app.db, logger: app.logger, env: config.env, vaultUrl: config.azureKeyVaultUrl, http: app.http });
  const background = createBackgroundSyncs(app);
  const deps: ApiDeps = { app, auth, secrets, probes, now, jobs: opts.jobs, background };

  registerRequestTracing(fastify);
  fastify.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // A write may have revoked a token, ended a session, or disabled or demoted a user: verified credentials are
  // forgotten before its response leaves, so the caller's next request is checked against the database again.
  fastify.addHook('onSend', async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') auth.forgetVerified();
  });
  fastify.addHook('onResponse', async (req, reply) => {
    httpRequestDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  fastify.setErrorHandler((err, req, reply) => {
    const e = toHttpError(err);
    if (e.unexpected) req.log.error({ err }, 'request failed');
    else req.log.info({ code: e.body.error.code, status: e.status }, 'request refused');
    const wait = (e.body.error.details as { retry_after_seconds?: unknown } | undefined)?.retry_after_seconds;
    if (typeof wait === 'number') reply.header('retry-after', Math.max(1, Math.ceil(wait)));
    return reply.status(e.status).send(e.body);
  });
  let webFallback: WebFallback | undefined;
  fastify.setNotFoundHandler((req, reply) => {
    if (webFallback && webFallback(req, reply) !== false) return reply;
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${req.method} ${req.url.split('?')[0] ?? ''}` } });
  });

  await fastify.register(fastifyCookie);
  await fastify.register(fastifyCors, {
    // Only listed origins may call the API from a browser; same-origin requests (the bundled UI) need no entry.
    origin: config.server.corsOrigins.length > 0 ? [...config.server.corsOrigins] : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'],
  });
  await fastify.register(fastifyHelmet, {
    global: true,
    // Helmet's default CSP upgrades every request of a page to https; a UI served over plain http on a LAN address
    // would then load nothing. Upgrade only when the public URL is https.
    contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': config.server.publicUrl?.startsWith('https://') ? [] : null } },
  });
  await fastify.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Sluice API', version: 'v1', description: 'Pull, reconcile, track every change, push where people work.' },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'A JWT access token or an API token (slu_…)' },
          cookieAuth: { type: 'apiKey', in: 'cookie', name: 'sluice_access' },
        },
      },
      security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
  const table = registerAccessControl(fastify, { auth, limiter });

  const z = fastify.withTypeProvider<ZodTypeProvider>();
  for (const register of [...API_ROUTE_MODULES, ...(opts.extraRoutes ?? [])]) register(z, deps);
  if (opts.web !== false && opts.web !== undefined) webFallback = await registerWebRoutes(fastify, { dir: opts.web.dir });

  fastify.addHook('onReady', async () => {
    upGauge.set(1);
  });
  fastify.addHook('onClose', async () => {
    upGauge.set(0);
    await background.stop();
    await limiter.close();
  });
  await limiter.ready();
  await fastify.ready();
  const extras: Pick<SluiceServer, 'routeTable' | 'authService'> = { routeTable: table, authService: auth };
  const base: FastifyInstance = fastify;
  return Object.assign(base, extras);
}
