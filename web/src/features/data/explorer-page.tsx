import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState, type FormEvent } from 'react';
import { api, queryString, refreshSession, unwrap } from '../../api/client';
import type { RecordItem, StreamField } from '../../api/types';
import { useCan } from '../../auth/session';
import { CursorPager, DataTable } from '../../components/data-table';
import { fmtDateTime, fmtNumber, fmtValue } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';
import type { ExplorerSearch } from '../../router';
import { FieldSummary } from './field-summary';
import { FilterBuilder } from './filter-builder';
import { recordsParams, recordsQuery, streamSchemaQuery } from './explorer-queries';

const route = getRouteApi('/data/$stream');
const META_SORTS = ['key', 'updated_at', 'first_seen_at', 'last_seen_at'];
const DEFAULT_COLUMNS = 8;

export function ExplorerPage() {
  const { stream } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const can = useCan();
  // The table needs the schema and the first page only. Counts (a count over every record: seconds on millions) are
  // asked for once the first page is in, so they never compete with it for the database.
  const schema = useQuery(streamSchemaQuery(stream));
  const params = recordsParams(search);
  const records = useQuery({ ...recordsQuery(stream, params), placeholderData: keepPreviousData });
  const firstPageIn = !records.isPending;
  const detail = useQuery({ queryKey: ['stream', stream], queryFn: () => unwrap(api.GET('/api/v1/streams/{stream}', { params: { path: { stream } } })), enabled: firstPageIn });
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')), enabled: firstPageIn });
  const size = params.size;
  const query = {
    where: params.where,
    ...(params.q ? { q: params.q } : {}),
    status: params.status,
    ...(params.sort ? { sort: params.sort } : {}),
  };
  const set = (patch: Partial<ExplorerSearch>, keepPage = false) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(keepPage ? {} : { cursor: undefined, trail: undefined }) }) });

  const fields: StreamField[] = schema.data?.schema.fields ?? [];
  const visible = search.cols ?? fields.slice(0, DEFAULT_COLUMNS).map((f) => f.name);
  const selectedField = fields.find((f) => f.name === search.field);
  const children = (streams.data?.items ?? []).filter((s) => s.parent_stream === stream);

  const columns = useMemo<ColumnDef<RecordItem, unknown>[]>(() => {
    const cols: ColumnDef<RecordItem, unknown>[] = [
      {
        id: 'key',
        header: 'Key',
        cell: ({ row }) => (
          <Link to="/data/$stream/records/$key" params={{ stream, key: row.original.key }} className="mono">
            {row.original.key}
          </Link>
        ),
      },
    ];
    for (const name of visible) {
      const f = fields.find((x) => x.name === name);
      cols.push({
        id: name,
        header: name,
        meta: { className: f?.type === 'integer' || f?.type === 'number' ? 'num' : undefined },
        cell: ({ row }) => fmtValue(row.original.data[name]),
      });
    }
    if ((search.status ?? 'active') !== 'active') cols.push({ id: 'status', header: 'Status', cell: ({ row }) => <Badge value={row.original.status} /> });
    cols.push({ id: 'updated_at', header: 'Updated', cell: ({ row }) => <span className="nowrap">{fmtDateTime(row.original.updated_at)}</span> });
    return cols;
  }, [visible.join(','), fields, stream, search.status]);

  const exportUrl = `/api/v1/streams/${encodeURIComponent(stream)}/export${queryString({ ...query, format: 'csv' })}`;
  const startExport = async () => {
    // The download is a plain GET with the session cookie: make sure the access cookie is fresh first.
    const me = await api.GET('/api/v1/auth/me');
    if (me.response.status === 401) await refreshSession();
    window.location.assign(exportUrl);
  };

  if (schema.isPending) return <Loading />;
  if (schema.error) return <ErrorBox error={schema.error} title={`Stream ${stream}`} />;
  const s = schema.data;
  const counts = detail.data?.counts;
  const filtered = Boolean(params.where.length || params.q || params.status !== 'active' || params.cursor);
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/data">Data</Link> / {s.parent_stream ? <><Link to="/data/$stream" params={{ stream: s.parent_stream }}>{s.parent_stream}</Link> / </> : null}</>}
        title={stream}
        subtitle={
          <>
            {counts ? <>{fmtNumber(counts.active)} active · {fmtNumber(counts.removed)} removed · {fmtNumber(counts.quarantined)} quarantined</> : detail.error ? 'counts unavailable' : 'counting…'} · key {s.primary_key.join(', ')} · {s.connector}
          </>
        }
        actions={can('data:export') ? <button type="button" className="btn" onClick={() => void startExport()}>Export CSV</button> : null}
      />
      <Card>
        <div className="toolbar">
          <SearchBox value={search.q ?? ''} onSearch={(q) => set({ q: q || undefined })} />
          <label className="field">
            <span>Status</span>
            <select value={search.status ?? 'active'} onChange={(e) => set({ status: e.target.value === 'active' ? undefined : (e.target.value as ExplorerSearch['status']) })}>
              <option value="active">Active</option>
              <option value="removed">Removed</option>
              <option value="all">All</option>
            </select>
          </label>
          <label className="field">
            <span>Rows per page</span>
            <select value={size} onChange={(e) => set({ size: Number(e.target.value) === 50 ? undefined : Number(e.target.value) })}>
              {[25, 50, 100, 250].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <ColumnChooser fields={fields} visible={visible} onChange={(cols) => set({ cols }, true)} />
        </div>
        <FilterBuilder fields={fields} where={search.where ?? []} onChange={(where) => set({ where: where.length ? where : undefined })} />
      </Card>
      <div style={{ height: 12 }} />
      {records.error ? <ErrorBox error={records.error} /> : records.isPending ? <Loading /> : records.data.items.length === 0 && !filtered ? (
        <EmptyState title="This stream has no records yet">Run a sync of its connection from Connections; records appear here as soon as it finishes.</EmptyState>
      ) : (
        <>
          <DataTable
            caption={`Records of ${stream}`}
            columns={columns}
            data={records.data.items}
            rowKey={(r) => r.key}
            empty="No record matches these filters."
            sort={{
              value: search.sort,
              onChange: (sort) => set({ sort }),
              sortable: (id) => META_SORTS.includes(id) || fields.some((f) => f.name === id),
            }}
          />
          <CursorPager
            label="Record pages"
            count={records.data.items.length}
            hasPrev={Boolean(search.cursor)}
            nextCursor={records.data.next_cursor}
            onPrev={() => {
              const trail = [...(search.trail ?? [])];
              const prev = trail.pop();
              set({ cursor: prev || undefined, trail: trail.length ? trail : undefined }, true);
            }}
            onNext={(cursor) => set({ cursor, trail: [...(search.trail ?? []), search.cursor ?? ''] }, true)}
          />
        </>
      )}
      <div className="grid grid-2" style={{ marginTop: 12 }}>
        <Card
          title="Summary"
          actions={
            <label className="inline-field">
              <span>Field</span>
              <select aria-label="Summary field" value={search.field ?? ''} onChange={(e) => set({ field: e.target.value || undefined }, true)}>
                <option value="">choose a field…</option>
                {fields.map((f) => <option key={f.name} value={f.name}>{f.name}</option>)}
              </select>
            </label>
          }
        >
          {selectedField ? (
            <FieldSummary stream={stream} field={selectedField} where={search.where ?? []} q={search.q} status={search.status} />
          ) : (
            <p className="muted">Choose a field to see its statistics and a chart of its values over the filtered rows.</p>
          )}
        </Card>
        <Card title="Schema">
          <div className="table-wrap" tabIndex={0} style={{ maxHeight: 320, overflow: 'auto' }}>
            <table className="data">
              <caption className="sr-only">Fields of {stream}</caption>
              <thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
              <tbody>
                {fields.map((f) => (
                  <tr key={f.name}><td className="mono">{f.name}{f.required ? ' *' : ''}</td><td>{f.type}</td><td className="wrap muted">{f.description ?? ''}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          {children.length ? (
            <p>Child streams: {children.map((c, i) => <span key={c.name}>{i ? ', ' : ''}<Link to="/data/$stream" params={{ stream: c.name }}>{c.name}</Link></span>)} (open a record to see its own children).</p>
          ) : null}
        </Card>
      </div>
    </>
  );
}

function SearchBox(props: { value: string; onSearch: (q: string) => void }) {
  const [q, setQ] = useState(props.value);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSearch(q.trim());
  };
  return (
    <form className="row" onSubmit={submit} role="search" style={{ alignItems: 'flex-end' }}>
      <label className="field">
        <span>Search</span>
        <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Search every field" />
      </label>
      <button type="submit" className="btn">Search</button>
    </form>
  );
}

function ColumnChooser(props: { fields: readonly StreamField[]; visible: readonly string[]; onChange: (cols: string[]) => void }) {
  return (
    <details className="column-chooser">
      <summary className="btn">Columns ({props.visible.length})</summary>
      <fieldset className="card" style={{ position: 'absolute', zIndex: 5, maxHeight: 320, overflow: 'auto', marginTop: 4 }}>
        <legend className="sr-only">Visible columns</legend>
        {props.fields.map((f) => (
          <label key={f.name} className="row" style={{ padding: '2px 0' }}>
            <input
              type="checkbox"
              checked={props.visible.includes(f.name)}
              onChange={(e) => props.onChange(e.target.checked ? props.fields.map((x) => x.name).filter((n) => n === f.name || props.visible.includes(n)) : props.visible.filter((n) => n !== f.name))}
            />
            {f.name}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
