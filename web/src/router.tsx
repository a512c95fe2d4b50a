import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { z } from 'zod';
import { RootLayout } from './components/root-layout';
import { NotFound } from './components/not-found';
import { recordsParams, recordsQuery, streamSchemaQuery } from './features/data/explorer-queries';

/** Search params are validated per route: a bad or stale link falls back to defaults instead of breaking the page. */
function searchOf<S extends z.ZodType>(schema: S): (input: Record<string, unknown>) => z.infer<S> {
  return (input) => schema.parse(input);
}
const str = z.string().optional().catch(undefined);
const strs = z.array(z.string()).optional().catch(undefined);

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({ component: RootLayout, notFoundComponent: NotFound });

function page<const P extends string>(path: P, load: () => Promise<Record<string, unknown>>, name: string) {
  return { path, component: lazyRouteComponent(load, name) };
}

export const overviewRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/', () => import('./features/overview/overview-page'), 'OverviewPage') });
export const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/setup', () => import('./features/auth/setup-page'), 'SetupPage'),
  validateSearch: searchOf(z.object({ token: str })),
});
export const streamsRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/data', () => import('./features/data/streams-page'), 'StreamsPage') });
export const explorerSearch = z.object({
  q: str,
  where: strs,
  sort: str,
  status: z.enum(['active', 'removed', 'all']).optional().catch(undefined),
  cols: strs,
  cursor: str,
  trail: strs,
  field: str,
  size: z.number().int().min(10).max(500).optional().catch(undefined),
});
export type ExplorerSearch = z.infer<typeof explorerSearch>;
export const explorerRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/data/$stream', () => import('./features/data/explorer-page'), 'ExplorerPage'),
  validateSearch: searchOf(explorerSearch),
  // The first page and the schema are fetched while the page's code loads (not after): fire and forget, the page reads
  // them from the query cache.
  loader: ({ context, params, location }) => {
    void context.queryClient.prefetchQuery(recordsQuery(params.stream, recordsParams(explorerSearch.parse(location.search))));
    void context.queryClient.prefetchQuery(streamSchemaQuery(params.stream));
  },
});
export const recordRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/data/$stream/records/$key', () => import('./features/data/record-page'), 'RecordPage'),
});
export const changesRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/changes', () => import('./features/changes/changes-page'), 'ChangesPage'),
  validateSearch: searchOf(z.object({ stream: str, kind: str, since: str, until: str, live: z.boolean().optional().catch(undefined) })),
});
export const dashboardsRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/dashboards', () => import('./features/dashboards/dashboards-page'), 'DashboardsPage') });
export const dashboardRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/dashboards/$id', () => import('./features/dashboards/dashboard-page'), 'DashboardPage'),
  validateSearch: searchOf(z.object({ f: z.record(z.string(), z.string()).optional().catch(undefined) })),
});
export const reviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/review', () => import('./features/review/review-page'), 'ReviewPage'),
  validateSearch: searchOf(z.object({ type: str, status: z.enum(['open', 'approved', 'rejected']).optional().catch(undefined), item: z.number().optional().catch(undefined) })),
});
export const connectionsRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/connections', () => import('./features/connections/connections-page'), 'ConnectionsPage') });
export const newConnectionRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/connections/new', () => import('./features/connections/new-connection-page'), 'NewConnectionPage'),
  validateSearch: searchOf(z.object({ connector: str })),
});
export const connectionRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/connections/$name', () => import('./features/connections/connection-page'), 'ConnectionPage'),
  validateSearch: searchOf(z.object({ tab: z.enum(['overview', 'settings', 'schedule', 'quarantine']).optional().catch(undefined) })),
});
export const jobsRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/jobs', () => import('./features/jobs/jobs-page'), 'JobsPage'),
  validateSearch: searchOf(
    z.object({
      tab: z.enum(['runs', 'queue']).optional().catch(undefined),
      connection: str,
      status: str,
      kind: str,
      state: str,
      stream: str,
      since: str,
      cursor: str,
      trail: strs,
    }),
  ),
});
export const runRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/jobs/runs/$id', () => import('./features/jobs/run-page'), 'RunPage') });
export const destinationsRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/destinations', () => import('./features/destinations/destinations-page'), 'DestinationsPage') });
export const destinationRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/destinations/$name', () => import('./features/destinations/destination-page'), 'DestinationPage'),
});
export const packsRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/packs', () => import('./features/packs/packs-page'), 'PacksPage') });
export const packRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/packs/$id', () => import('./features/packs/pack-page'), 'PackPage') });
export const adminRoute = createRoute({
  getParentRoute: () => rootRoute,
  ...page('/admin', () => import('./features/admin/admin-page'), 'AdminPage'),
  validateSearch: searchOf(z.object({ tab: z.enum(['users', 'tokens', 'audit']).optional().catch(undefined), action: str, actor: str })),
});
export const healthRoute = createRoute({ getParentRoute: () => rootRoute, ...page('/health', () => import('./features/health/health-page'), 'HealthPage') });

const routeTree = rootRoute.addChildren([
  overviewRoute,
  setupRoute,
  streamsRoute,
  explorerRoute,
  recordRoute,
  changesRoute,
  dashboardsRoute,
  dashboardRoute,
  reviewRoute,
  connectionsRoute,
  newConnectionRoute,
  connectionRoute,
  jobsRoute,
  runRoute,
  destinationsRoute,
  destinationRoute,
  packsRoute,
  packRoute,
  adminRoute,
  healthRoute,
]);

export function buildRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, context: { queryClient }, defaultPreload: 'intent', scrollRestoration: true });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof buildRouter>;
  }
}
