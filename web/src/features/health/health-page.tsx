import { useQuery } from '@tanstack/react-query';
import { api, ApiError, unwrap } from '../../api/client';
import type { Readiness } from '../../api/types';
import { fmtNumber } from '../../components/format';
import { Badge, Card, ErrorBox, Loading, PageHeader, Stat } from '../../components/ui';

async function readiness(): Promise<Readiness> {
  // Not ready answers 503 with the same body: show it rather than an error.
  const r = await api.GET('/health/ready');
  if (r.data) return r.data;
  const body = r.error as unknown as Readiness | undefined;
  if (body && Array.isArray(body.components)) return body;
  throw new ApiError(r.response.status, 'not_ready', 'readiness did not answer');
}

function metric(text: string, name: string): number | undefined {
  const re = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm');
  let total: number | undefined;
  for (const m of text.matchAll(re)) total = (total ?? 0) + Number(m[1]);
  return total;
}

export function HealthPage() {
  const ready = useQuery({ queryKey: ['ready'], queryFn: readiness, refetchInterval: 10_000 });
  const openapi = useQuery({ queryKey: ['openapi-info'], queryFn: async () => (await unwrap(api.GET('/api/v1/openapi.json'))) as unknown as { info?: { version?: string } } });
  const metrics = useQuery({ queryKey: ['metrics'], queryFn: async () => (await fetch('/metrics', { credentials: 'same-origin' })).text(), refetchInterval: 15_000 });
  const m = metrics.data ?? '';
  return (
    <>
      <PageHeader title="Health" subtitle={`API ${openapi.data?.info?.version ?? ''} · readiness of each component, refreshed every 10 s`} />
      {ready.isPending ? <Loading /> : ready.error ? <ErrorBox error={ready.error} /> : (
        <Card title={<>Readiness <Badge value={ready.data.ready ? 'ok' : 'fail'} label={ready.data.ready ? 'ready' : 'not ready'} /></>}>
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Components</caption>
              <thead><tr><th scope="col">Component</th><th scope="col">Status</th><th scope="col" className="num">Latency</th><th scope="col">Message</th></tr></thead>
              <tbody>{ready.data.components.map((c) => <tr key={c.name}><td>{c.name}</td><td><Badge value={c.status} /></td><td className="num">{c.latency_ms} ms</td><td className="wrap">{c.message ?? ''}</td></tr>)}</tbody>
            </table>
          </div>
        </Card>
      )}
      <h2 style={{ margin: '20px 0 10px' }}>Metrics highlights</h2>
      {metrics.error ? <ErrorBox error={metrics.error} /> : (
        <div className="grid grid-4">
          <Stat label="Uptime" value={metric(m, 'sluice_uptime_seconds') !== undefined ? `${Math.round((metric(m, 'sluice_uptime_seconds') ?? 0) / 60)} min` : '—'} />
          <Stat label="HTTP requests served" value={fmtNumber(metric(m, 'sluice_http_request_duration_seconds_count'))} />
          <Stat label="Jobs waiting" value={fmtNumber(metric(m, 'sluice_job_queue_depth'))} />
          <Stat label="Jobs finished" value={fmtNumber(metric(m, 'sluice_jobs_finished_total'))} />
          <Stat label="Upstream requests" value={fmtNumber(metric(m, 'sluice_upstream_requests_total'))} />
          <Stat label="Upstream retries" value={fmtNumber(metric(m, 'sluice_upstream_retries_total'))} />
          <Stat label="Upstream rate-limited answers" value={fmtNumber(metric(m, 'sluice_upstream_rate_limited_total'))} />
        </div>
      )}
    </>
  );
}
