import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/client';
import { buildRouter } from './router';
import './styles.css';

/** A 401 that survived the refresh means the session is over: drop the user so the sign-in form shows on this page. */
function onError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) queryClient.setQueryData(['me'], null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 2_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});
const router = buildRouter(queryClient);

const el = document.getElementById('root');
if (!el) throw new Error('no #root element');
createRoot(el).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
