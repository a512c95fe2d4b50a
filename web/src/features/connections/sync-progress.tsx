import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import type { Run } from '../../api/types';
import { fmtDuration, fmtNumber } from '../../components/format';
import { Badge } from '../../components/ui';

const DONE = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

interface StreamCounts {
  fetched?: number;
  created?: number;
  updated?: number;
  unchanged?: number;
  removed?: number;
  quarantined?: number;
}

/** The run a "Sync now" started, polled every second until it ends: status, per-stream counts, elapsed time. */
export function SyncProgress(props: { connection: string; since: string }) {
  const latest = useQuery({
    queryKey: ['sync-progress', props.connection, props.since],
    queryFn: () => unwrap(api.GET('/api/v1/runs', { params: { query: { connection: props.connection, limit: 1 } } })),
    refetchInterval: (q) => {
      const r = q.state.data?.items[0];
      return r && r.started_at >= props.since && DONE.has(r.status) ? false : 1000;
    },
  });
  const run: Run | undefined = latest.data?.items.find((r) => r.started_at >= props.since);
  const qc = useQueryClient();
  const finished = run && DONE.has(run.status) ? run.id : undefined;
  useEffect(() => {
    // A finished sync changes counts, streams, records and runs everywhere: refresh what is cached.
    if (finished) for (const key of ['streams', 'stream', 'records', 'runs', 'overview', 'changes-latest', 'quarantine']) void qc.invalidateQueries({ queryKey: [key] });
  }, [finished, qc]);
  if (!run) return <div role="status" aria-live="polite" className="notice">Sync queued: waiting for a worker to start it…<div className="progress indeterminate"><div /></div></div>;
  const done = DONE.has(run.status);
  const streams = Object.entries(run.streams as Record<string, StreamCounts>);
  const elapsed = (done && run.finished_at ? new Date(run.finished_at).getTime() : Date.now()) - new Date(run.started_at).getTime();
  return (
    <div role="status" aria-live="polite" className={done ? (run.status === 'succeeded' ? 'success' : 'error-box') : 'notice'}>
      <div className="row">
        <strong>Sync {done ? 'finished' : 'running'}</strong> <Badge value={run.status} /> <span className="small">{fmtDuration(elapsed)}</span>
        <Link to="/jobs/runs/$id" params={{ id: run.id }} className="small">Run details and logs</Link>
      </div>
      {!done ? <div className="progress indeterminate" style={{ marginTop: 6 }}><div /></div> : null}
      {streams.length ? (
        <ul className="small" style={{ margin: '6px 0 0' }}>
          {streams.map(([name, c]) => (
            <li key={name}>{name}: {fmtNumber(c.fetched ?? 0)} read, {fmtNumber(c.created ?? 0)} new, {fmtNumber(c.updated ?? 0)} changed, {fmtNumber(c.removed ?? 0)} removed{c.quarantined ? `, ${fmtNumber(c.quarantined)} quarantined` : ''}</li>
          ))}
        </ul>
      ) : null}
      {run.error ? <p className="small">{String((run.error as { message?: string }).message ?? JSON.stringify(run.error))}</p> : null}
    </div>
  );
}
