import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import type { Job, Run } from '../../api/types';
import { useCan } from '../../auth/session';
import { CursorPager } from '../../components/data-table';
import { fmtAgo, fmtDateTime, fmtDuration, fmtNumber } from '../../components/format';
import { Badge, EmptyState, ErrorBox, Loading, PageHeader, Stat } from '../../components/ui';

const route = getRouteApi('/jobs');
const RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
const JOB_KINDS = ['sync', 'push', 'resolve', 'model'] as const;
type RunStatus = (typeof RUN_STATUSES)[number];
type JobState = (typeof JOB_STATES)[number];
type JobKind = (typeof JOB_KINDS)[number];

function durationOf(r: Run): number | null {
  return r.finished_at ? new Date(r.finished_at).getTime() - new Date(r.started_at).getTime() : null;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function downloadCsv(name: string, header: string[], rows: unknown[][]): void {
  const text = [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function JobsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tab = search.tab ?? 'runs';
  return (
    <>
      <PageHeader title="Jobs" subtitle="Sync runs and the job queue: what ran, what is running, what failed and why." />
      <nav className="tabs" aria-label="Jobs sections">
        <Link to="/jobs" search={{}} className={tab === 'runs' ? 'active' : ''} aria-current={tab === 'runs' ? 'page' : undefined}>Run history</Link>
        <Link to="/jobs" search={{ tab: 'queue' }} className={tab === 'queue' ? 'active' : ''} aria-current={tab === 'queue' ? 'page' : undefined}>Queue</Link>
      </nav>
      {tab === 'runs' ? <RunsTab search={search} set={(patch) => void navigate({ search: (p) => ({ ...p, cursor: undefined, trail: undefined, ...patch }) })} /> : <QueueTab kind={search.kind} state={search.state} set={(patch) => void navigate({ search: (p) => ({ ...p, ...patch }) })} />}
    </>
  );
}

type Search = ReturnType<typeof route.useSearch>;

function RunsTab({ search, set }: { search: Search; set: (patch: Partial<Search>) => void }) {
  const conns = useQuery({ queryKey: ['connections'], queryFn: () => unwrap(api.GET('/api/v1/connections')) });
  const status = RUN_STATUSES.find((s) => s === search.status) as RunStatus | undefined;
  const runs = useQuery({
    queryKey: ['runs', 'list', search.connection, status, search.cursor],
    queryFn: () => unwrap(api.GET('/api/v1/runs', { params: { query: { limit: 50, ...(search.connection ? { connection: search.connection } : {}), ...(status ? { status } : {}), ...(search.cursor ? { cursor: search.cursor } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const items = (runs.data?.items ?? []).filter((r) => !search.since || r.started_at >= search.since);
  // Totals over every matching run (not just this page), from the history totals endpoint with the same filters.
  const totals = useQuery({
    queryKey: ['runs', 'totals', search.connection, status, search.since],
    queryFn: () => unwrap(api.GET('/api/v1/runs/history/totals', { params: { query: { ...(search.connection ? { connection: search.connection } : {}), ...(status ? { status } : {}), ...(search.since ? { since: search.since } : {}) } } })),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const all = totals.data?.overall;
  return (
    <>
      <div className="toolbar">
        <label className="field">
          <span>Connection</span>
          <select value={search.connection ?? ''} onChange={(e) => set({ connection: e.target.value || undefined })}>
            <option value="">All connections</option>
            {(conns.data?.items ?? []).map((c) => <option key={c.id} value={c.name}>{c.name}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Status</span>
          <select value={status ?? ''} onChange={(e) => set({ status: e.target.value || undefined })}>
            <option value="">Any status</option>
            {RUN_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Started after</span>
          <input type="date" value={search.since?.slice(0, 10) ?? ''} onChange={(e) => set({ since: e.target.value ? new Date(e.target.value).toISOString() : undefined })} />
        </label>
        <span className="spacer" />
        <button type="button" className="btn" disabled={items.length === 0} onClick={() => downloadCsv('runs.csv', ['id', 'connection', 'kind', 'status', 'trigger', 'full_refresh', 'started_at', 'finished_at', 'duration_ms', 'error'], items.map((r) => [r.id, r.connection, r.kind, r.status, r.trigger, r.full_refresh, r.started_at, r.finished_at, durationOf(r), r.error ? JSON.stringify(r.error) : '']))}>
          Export CSV
        </button>
      </div>
      <div className="grid grid-4" style={{ marginBottom: 12 }}>
        <Stat label="Stream runs matching" value={all ? fmtNumber(all.total) : '…'} hint="every page: one per run and stream" />
        <Stat label="Succeeded" value={all ? fmtNumber(all.succeeded) : '…'} tone="ok" hint={all?.success_rate != null ? `${(all.success_rate * 100).toFixed(1)} % of finished` : undefined} />
        <Stat label="Failed or partial" value={all ? fmtNumber(all.failed + all.partial) : '…'} tone={all && all.failed + all.partial ? 'bad' : undefined} />
        <Stat label="Average duration" value={fmtDuration(all?.avg_duration_ms ?? null)} hint={all ? `${fmtNumber(all.records_fetched)} records fetched` : undefined} />
      </div>
      {runs.isPending ? <Loading /> : runs.error ? <ErrorBox error={runs.error} /> : items.length === 0 ? (
        <EmptyState title="No run matches">Runs appear when a connection syncs — start one from its page in Connections, or set a schedule.</EmptyState>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0}>
            <table className="data">
              <caption className="sr-only">Runs</caption>
              <thead><tr><th scope="col">Started</th><th scope="col">Connection</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Trigger</th><th scope="col">Duration</th><th scope="col">Problem</th></tr></thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap"><Link to="/jobs/runs/$id" params={{ id: r.id }}>{fmtDateTime(r.started_at)}</Link></td>
                    <td><Link to="/connections/$name" params={{ name: r.connection }}>{r.connection}</Link></td>
                    <td>{r.kind}</td>
                    <td><Badge value={r.status} /></td>
                    <td>{r.trigger}{r.full_refresh ? ' (full)' : ''}</td>
                    <td>{fmtDuration(durationOf(r))}</td>
                    <td className="wrap small">{r.error ? String((r.error as { message?: string }).message ?? '') : r.flags.length ? `${r.flags.length} warning(s)` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <CursorPager
            count={items.length}
            hasPrev={Boolean(search.cursor)}
            nextCursor={runs.data.next_cursor}
            onPrev={() => { const t = [...(search.trail ?? [])]; const prev = t.pop(); set({ cursor: prev || undefined, trail: t.length ? t : undefined }); }}
            onNext={(cursor) => set({ cursor, trail: [...(search.trail ?? []), search.cursor ?? ''] })}
          />
        </>
      )}
    </>
  );
}

function QueueTab({ kind, state, set }: { kind: string | undefined; state: string | undefined; set: (p: Partial<Search>) => void }) {
  const can = useCan();
  const qc = useQueryClient();
  const k = JOB_KINDS.find((x) => x === kind) as JobKind | undefined;
  const s = JOB_STATES.find((x) => x === state) as JobState | undefined;
  const jobs = useQuery({
    queryKey: ['jobs', k, s],
    queryFn: () => unwrap(api.GET('/api/v1/jobs', { params: { query: { limit: 100, ...(k ? { kind: k } : {}), ...(s ? { state: s } : {}) } } })),
    refetchInterval: 2000,
    retry: false,
  });
  const act = useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'cancel' | 'retry' }) =>
      action === 'cancel' ? unwrap(api.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })) : unwrap(api.POST('/api/v1/jobs/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['jobs'] }),
  });
  return (
    <>
      <div className="toolbar">
        <label className="field"><span>Kind</span>
          <select value={k ?? ''} onChange={(e) => set({ kind: e.target.value || undefined })}>
            <option value="">All kinds</option>
            {JOB_KINDS.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
        <label className="field"><span>State</span>
          <select value={s ?? ''} onChange={(e) => set({ state: e.target.value || undefined })}>
            <option value="">Any state</option>
            {JOB_STATES.map((x) => <option key={x} value={x}>{x}</option>)}
          </select>
        </label>
      </div>
      {act.error ? <ErrorBox error={act.error} /> : null}
      {jobs.isPending ? <Loading /> : jobs.error ? <ErrorBox error={jobs.error} title="The job queue did not answer" /> : jobs.data.items.length === 0 ? (
        <EmptyState title="The queue is empty">Jobs appear here when a sync, push, resolution or model refresh is queued by a person or a schedule.</EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Jobs</caption>
            <thead><tr><th scope="col">Created</th><th scope="col">Kind</th><th scope="col">Target</th><th scope="col">State</th><th scope="col">Tries</th><th scope="col">Started</th><th scope="col">Finished</th>{can('jobs:write') ? <th scope="col">Actions</th> : null}</tr></thead>
            <tbody>
              {jobs.data.items.map((j: Job) => (
                <tr key={j.id}>
                  <td className="nowrap">{fmtAgo(j.created_on)}</td>
                  <td>{j.kind}</td>
                  <td className="mono small">{String((j.data as { connection?: string; destination?: string }).connection ?? (j.data as { destination?: string }).destination ?? j.singleton_key ?? '')}</td>
                  <td><Badge value={j.state} /></td>
                  <td>{j.retry_count}/{j.retry_limit}</td>
                  <td>{fmtDateTime(j.started_on)}</td>
                  <td>{fmtDateTime(j.completed_on)}</td>
                  {can('jobs:write') ? (
                    <td>
                      {['created', 'retry', 'active'].includes(j.state) ? <button type="button" className="btn btn-small btn-danger" onClick={() => act.mutate({ id: j.id, action: 'cancel' })}>Cancel</button> : null}
                      {['failed', 'cancelled'].includes(j.state) ? <button type="button" className="btn btn-small" onClick={() => act.mutate({ id: j.id, action: 'retry' })}>Retry</button> : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
