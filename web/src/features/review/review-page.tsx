import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Get, ReviewItem } from '../../api/types';
import { useCan } from '../../auth/session';
import { fmtDateTime, fmtValue } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading, PageHeader } from '../../components/ui';

const route = getRouteApi('/review');
type Side = NonNullable<Get<'/api/v1/review-items/{id}/records'>['a']>;

export function ReviewPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const types = useQuery({ queryKey: ['review-types'], queryFn: () => unwrap(api.GET('/api/v1/review')) });
  const type = search.type ?? types.data?.items.find((t) => t.open > 0)?.entity_type ?? types.data?.items[0]?.entity_type;
  const status = search.status ?? 'open';
  const [decided, setDecided] = useState<string | null>(null);
  const list = useQuery({
    queryKey: ['review', type, status],
    queryFn: () => unwrap(api.GET('/api/v1/review/{type}', { params: { path: { type: type ?? '' }, query: { status, limit: 200 } } })),
    enabled: Boolean(type),
  });
  const items = list.data?.items ?? [];
  const index = Math.max(0, items.findIndex((i) => i.id === search.item));
  const current = items[index];
  const go = (i: number) => {
    const next = items[Math.min(Math.max(i, 0), items.length - 1)];
    if (next) void navigate({ search: (p) => ({ ...p, item: next.id }), replace: true });
  };
  return (
    <>
      <PageHeader title="Review" subtitle={<>Pairs the resolver was not sure about. Keys: <span className="kbd">A</span> approve, <span className="kbd">R</span> reject, <span className="kbd">S</span> split, <span className="kbd">J</span>/<span className="kbd">K</span> next/previous.</>} />
      {types.isPending ? <Loading /> : types.error ? <ErrorBox error={types.error} /> : types.data.items.length === 0 ? (
        <EmptyState title="Nothing to review">When entity resolution finds two records that may be the same person or company but is not sure, the pair waits here for a decision.</EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <label className="field"><span>Entity type</span>
              <select value={type ?? ''} onChange={(e) => void navigate({ search: { type: e.target.value, status: search.status } })}>
                {types.data.items.map((t) => <option key={t.entity_type} value={t.entity_type}>{t.entity_type} ({t.open} open)</option>)}
              </select>
            </label>
            <label className="field"><span>Status</span>
              <select value={status} onChange={(e) => void navigate({ search: { type, status: e.target.value === 'open' ? undefined : (e.target.value as 'approved' | 'rejected') } })}>
                <option value="open">Open</option><option value="approved">Approved</option><option value="rejected">Rejected</option>
              </select>
            </label>
            <span className="muted">{items.length ? `${index + 1} of ${items.length}` : ''}</span>
          </div>
          <div aria-live="polite">{decided ? <p className="success" role="status">{decided}</p> : null}</div>
          {list.isPending ? <Loading /> : list.error ? <ErrorBox error={list.error} /> : !current ? (
            <EmptyState title={status === 'open' ? 'All caught up' : 'No item'}>{status === 'open' ? 'Every pair of this type has a decision.' : 'No decided item yet.'}</EmptyState>
          ) : (
            <ItemView key={current.id} item={current} onMove={(d) => go(index + d)} onDecided={setDecided} />
          )}
        </>
      )}
    </>
  );
}

function ItemView({ item, onMove, onDecided }: { item: ReviewItem; onMove: (delta: number) => void; onDecided: (message: string) => void }) {
  const can = useCan();
  const qc = useQueryClient();
  const records = useQuery({ queryKey: ['review-records', item.id], queryFn: () => unwrap(api.GET('/api/v1/review-items/{id}/records', { params: { path: { id: item.id } } })) });
  const decide = useMutation({
    mutationFn: (verdict: 'approve' | 'reject') => unwrap(api.POST('/api/v1/review-items/{id}/decide', { params: { path: { id: item.id } }, body: { verdict } })),
    onSuccess: async (r) => {
      onDecided(`Pair #${r.id} ${r.status}.`);
      await qc.invalidateQueries({ queryKey: ['review'] });
      await qc.invalidateQueries({ queryKey: ['review-types'] });
    },
  });
  const b = records.data?.b;
  const splittable = Boolean(b?.entity_id && b.entity_members > 1);
  const split = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/entities/{type}/{id}/split', { params: { path: { type: item.entity_type, id: b?.entity_id ?? '' } }, body: { record_id: b?.record_id ?? '' } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['review-records', item.id] }),
  });
  const open = item.status === 'open';
  const mayDecide = can('review:write');
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName))) return;
      const k = e.key.toLowerCase();
      if (k === 'j') onMove(1);
      else if (k === 'k') onMove(-1);
      else if (mayDecide && open && !decide.isPending && k === 'a') decide.mutate('approve');
      else if (mayDecide && open && !decide.isPending && k === 'r') decide.mutate('reject');
      else if (mayDecide && splittable && !split.isPending && k === 's') split.mutate();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onMove, open, mayDecide, splittable, decide, split]);
  return (
    <div className="stack">
      <Card title={<>Pair #{item.id} <Badge value={item.status} /></>} actions={
        <>
          <button type="button" className="btn btn-small" onClick={() => onMove(-1)} aria-keyshortcuts="K">Previous</button>
          <button type="button" className="btn btn-small" onClick={() => onMove(1)} aria-keyshortcuts="J">Next</button>
        </>
      }>
        <dl className="props">
          <dt>Score</dt><dd>{item.score} ({item.tier})</dd>
          <dt>Why it is here</dt><dd>{item.cause}</dd>
          <dt>Evidence</dt><dd><ul style={{ margin: 0, paddingLeft: 18 }}>{item.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul></dd>
          {item.decided_at ? <><dt>Decided</dt><dd>{fmtDateTime(item.decided_at)} by {item.decided_by}</dd></> : null}
        </dl>
        {mayDecide ? (
          <div className="row" style={{ marginTop: 12 }}>
            <button type="button" className="btn btn-primary" disabled={!open || decide.isPending} onClick={() => decide.mutate('approve')} aria-keyshortcuts="A">Approve: same entity</button>
            <button type="button" className="btn btn-danger" disabled={!open || decide.isPending} onClick={() => decide.mutate('reject')} aria-keyshortcuts="R">Reject: keep apart</button>
            <button type="button" className="btn" disabled={!splittable || split.isPending} onClick={() => split.mutate()} aria-keyshortcuts="S" title={splittable ? 'Take the right-hand record out of its entity for good' : 'The right-hand record is not merged with anything'}>Split</button>
          </div>
        ) : null}
        <div aria-live="polite">
          {decide.error ? <ErrorBox error={decide.error} /> : null}
          {split.error ? <ErrorBox error={split.error} /> : null}
          {split.isSuccess ? <p className="success">Split: kept apart from {split.data.kept_apart_from.length} record(s).</p> : null}
        </div>
      </Card>
      {records.isPending ? <Loading /> : records.error ? <ErrorBox error={records.error} /> : (
        <div className="side-by-side">
          <RecordSide title="Record A" r={records.data.a} other={records.data.b} id={item.record_a} />
          <RecordSide title="Record B" r={records.data.b} other={records.data.a} id={item.record_b} />
        </div>
      )}
    </div>
  );
}

function RecordSide({ title, r, other, id }: { title: string; r: Side | null; other: Side | null; id: string }) {
  if (!r) return <Card title={title}><p className="muted">Record {id} is no longer in the resolver's input.</p></Card>;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const attrs = Object.entries(r.attributes);
  const row = (label: string, v: unknown, o: unknown) => (
    <><dt>{label}</dt><dd className={other && !same(v, o) ? 'diff-cell' : ''}>{fmtValue(v) || <span className="muted">(empty)</span>}{other && !same(v, o) ? <span className="sr-only"> (differs)</span> : null}</dd></>
  );
  return (
    <Card title={title}>
      <dl className="props">
        {row('Name', r.name, other?.name)}
        {row('Emails', r.emails.join(', '), other?.emails.join(', '))}
        {row('Phones', r.phones.join(', '), other?.phones.join(', '))}
        {row('Scope', r.scope, other?.scope)}
        {row('Source', `${r.source} · ${r.source_key}`, `${other?.source} · ${other?.source_key}`)}
        {attrs.map(([k, v]) => <div key={k} style={{ display: 'contents' }}>{row(k, v, other?.attributes[k])}</div>)}
        <dt>Entity</dt><dd>{r.entity_id ? `${r.entity_members} record(s)` : 'not merged'}</dd>
        <dt>Observed</dt><dd>{fmtDateTime(r.observed_at)}</dd>
      </dl>
    </Card>
  );
}
