import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AuthService } from '../auth/auth-service.js';
import type { AppContext } from '../main/app-context.js';
import type { SecretsProvider } from '../secrets/secrets-provider.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { HealthProbes } from './health-checks.js';
import type { BackgroundSyncs } from './background-syncs.js';

/** What every route module receives. */
export interface ApiDeps {
  readonly app: AppContext;
  readonly auth: AuthService;
  readonly secrets: SecretsProvider;
  readonly probes: HealthProbes;
  readonly now: () => Date;
  /** The job queue client: sync-now and push enqueue jobs, /jobs lists them. Absent: syncs run in this process. */
  readonly jobs: JobQueue | undefined;
  readonly background: BackgroundSyncs;
}

/** The Fastify instance as route modules see it: zod schemas type each handler's request and reply. */
export type ZodFastify = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type RouteModule = (fastify: ZodFastify, deps: ApiDeps) => void;
