import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, unwrap } from '../../api/client';
import type { Change } from '../../api/types';
import { fmtDateTime, fmtValue } from '../../components/format';
import { Badge, Card, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/data/$stream/records/$key');

interface FieldChange {
  op?: string;
  old?: unknown;
  new?: unknown;
}

function Timeline({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <p className="muted">No change recorded yet.</p>;
  return (
    <ol className="timeline" aria-label="Change timeline, newest first">
      {[...changes].reverse().map((c) => (
        <li key={c.id}>
          <div className="row">
            <Badge value={c.kind} />
            <span className="muted small">{fmtDateTime(c.at)}</span>
            {c.run_id ? <Link to="/jobs/runs/$id" params={{ id: c.run_id }} className="small">run {c.run_id.slice(0, 8)}</Link> : null}
            {c.actor ? <span className="small muted">by {c.actor}</span> : null}
          </div>
          {c.fields && Object.keys(c.fields).length ? (
            <div className="diff">
              {Object.entries(c.fields).map(([path, raw]) => {
                const d = (raw ?? {}) as FieldChange;
                const hasOld = d.old !== undefined && d.old !== null;
                return (
                  <div key={path} style={{ display: 'contents' }}>
                    <span className="mono">{path}</span>
                    <span>
                      {hasOld ? <span className="old">{fmtValue(d.old)}</span> : <span className="muted">(empty)</span>} → {d.new === undefined || d.new === null ? <span className="muted">(empty)</span> : <span className="new">{fmtValue(d.new)}</span>}
                    </span>
                  </div>
                );
              })}
            </div>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function isUrl(v: unknown): v is string {
  return typeof v === 'string' && /^https:\/\/(www\.)?notion\.(so|site)\//.test(v);
}

export function RecordPage() {
  const { stream, key } = route.useParams();
  const rec = useQuery({ queryKey: ['record', stream, key], queryFn: () => unwrap(api.GET('/api/v1/streams/{stream}/records/{key}', { params: { path: { stream, key } } })) });
  const streams = useQuery({ queryKey: ['streams'], queryFn: () => unwrap(api.GET('/api/v1/streams')) });
  const children = (streams.data?.items ?? []).filter((s) => s.parent_stream === stream);
  if (rec.isPending) return <Loading />;
  if (rec.error) return <ErrorBox error={rec.error} title={`Record ${key}`} />;
  const r = rec.data;
  const notion = Object.values(r.data).find(isUrl);
  const annotations = r.changes.filter((c) => c.kind === 'annotated');
  return (
    <>
      <PageHeader
        crumbs={<><Link to="/data">Data</Link> / <Link to="/data/$stream" params={{ stream }}>{stream}</Link> /</>}
        title={key}
        subtitle={<><Badge value={r.status} /> version {r.version} · first seen {fmtDateTime(r.first_seen_at)} · updated {fmtDateTime(r.updated_at)}{r.removed_at ? ` · removed ${fmtDateTime(r.removed_at)}` : ''}</>}
        actions={notion ? <a className="btn" href={notion} target="_blank" rel="noreferrer">Open in Notion</a> : null}
      />
      <div className="grid grid-2">
        <Card title="Fields">
          <dl className="props">
            {Object.entries(r.data).map(([k, v]) => (
              <div key={k} style={{ display: 'contents' }}>
                <dt className="mono">{k}</dt>
                <dd>{typeof v === 'object' && v !== null ? <code>{JSON.stringify(v)}</code> : fmtValue(v) || <span className="muted">(empty)</span>}</dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title={`Change timeline (${r.changes.length})`}>
          <Timeline changes={r.changes} />
        </Card>
      </div>
      {annotations.length ? (
        <Card title="Annotations">
          <ul>{annotations.map((a) => <li key={a.id}>{a.actor ?? 'someone'} · {fmtDateTime(a.at)} · {JSON.stringify(a.fields)}</li>)}</ul>
        </Card>
      ) : null}
      {children.map((c) => <ChildRecords key={c.name} stream={c.name} parent={key} />)}
    </>
  );
}

function ChildRecords({ stream, parent }: { stream: string; parent: string }) {
  const rows = useQuery({
    queryKey: ['children', stream, parent],
    queryFn: () => unwrap(api.GET('/api/v1/streams/{stream}/records', { params: { path: { stream }, query: { parent, status: 'all', limit: 100 } } })),
  });
  return (
    <Card title={`Children in ${stream}`} className="mt">
      {rows.isPending ? <Loading /> : rows.error ? <ErrorBox error={rows.error} /> : rows.data.items.length === 0 ? (
        <p className="muted">No child records.</p>
      ) : (
        <ul>
          {rows.data.items.map((c) => (
            <li key={c.key}>
              <Link to="/data/$stream/records/$key" params={{ stream, key: c.key }} className="mono">{c.key}</Link>{' '}
              <span className="muted small">{Object.entries(c.data).filter(([k]) => !k.startsWith('_')).slice(0, 4).map(([k, v]) => `${k}: ${fmtValue(v)}`).join(' · ')}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
