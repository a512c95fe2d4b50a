import type { RouteModule } from '../api-deps.js';
import { aggregateRoutes } from './aggregate.routes.js';
import { modelRoutes } from './models.routes.js';
import { dashboardRoutes } from './dashboards.routes.js';
import { auditRoutes } from './audit.routes.js';
import { authRoutes } from './auth.routes.js';
import { connectionRoutes } from './connections.routes.js';
import { destinationsRoutes } from './destinations.routes.js';
import { docsRoutes } from './docs.routes.js';
import { entityRoutes } from './entities.routes.js';
import { fileRoutes } from './files.routes.js';
import { healthRoutes } from './health.routes.js';
import { jobRoutes } from './jobs.routes.js';
import { recordRoutes } from './records.routes.js';
import { runRoutes } from './runs.routes.js';
import { runHistoryRoutes } from './run-history.routes.js';
import { dgiDealerRoutes } from '../../packs/dgi-dealers/dealers.routes.js';
import { streamRoutes } from './streams.routes.js';
import { tokenRoutes } from './tokens.routes.js';
import { userRoutes } from './users.routes.js';
import { overviewRoutes } from './overview.routes.js';
import { cronPreviewRoutes } from './cron-preview.routes.js';
import { changesLiveRoutes } from './changes-live.routes.js';
import { reviewQueueRoutes } from './review-queue.routes.js';
import { packRoutes } from './packs.routes.js';
import { mspChangesRoutes } from '../../packs/msp-dashboards/msp-changes.routes.js';
import { webhookDeadLetterRoutes } from './webhook-dead-letters.routes.js';
import { mspCustomersRoutes } from '../../packs/msp-dashboards/msp-customers.routes.js';

/** Every API route module; each declares its routes with an auth rule and zod schemas. */
export const API_ROUTE_MODULES: readonly RouteModule[] = [
  healthRoutes,
  docsRoutes,
  authRoutes,
  userRoutes,
  tokenRoutes,
  auditRoutes,
  connectionRoutes,
  streamRoutes,
  runRoutes,
  recordRoutes,
  jobRoutes,
  destinationsRoutes,
  entityRoutes,
  runHistoryRoutes,
  dgiDealerRoutes,
  overviewRoutes,
  cronPreviewRoutes,
  changesLiveRoutes,
  reviewQueueRoutes,
  packRoutes,
  aggregateRoutes,
  modelRoutes,
  dashboardRoutes,
  mspChangesRoutes,
  mspCustomersRoutes,
  fileRoutes,
  webhookDeadLetterRoutes,
];
