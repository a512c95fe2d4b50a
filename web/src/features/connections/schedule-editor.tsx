import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../auth/session';
import { fmtDateTime } from '../../components/format';
import { Badge, ErrorBox } from '../../components/ui';

const PRESETS: { label: string; cron: string }[] = [
  { label: 'Every hour', cron: '0 * * * *' },
  { label: 'Every day at 06:00', cron: '0 6 * * *' },
  { label: 'Weekdays at 07:30', cron: '30 7 * * 1-5' },
  { label: 'Every 15 minutes', cron: '*/15 * * * *' },
];

function zones(): string[] {
  const withIntl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return withIntl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

/** Cron editor for a target: validated by the scheduler's own parser on the server, next runs shown in the zone. */
export function ScheduleEditor(props: { target: string }) {
  const can = useCan();
  const qc = useQueryClient();
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: () => unwrap(api.GET('/api/v1/schedules')) });
  const current = schedules.data?.items.find((s) => s.target === props.target);
  const [cron, setCron] = useState('0 6 * * *');
  const [tz, setTz] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  useEffect(() => {
    if (current) {
      setCron(current.cron);
      setTz(current.timezone);
    }
  }, [current?.id]);
  const [debounced, setDebounced] = useState({ cron, tz });
  useEffect(() => {
    const t = setTimeout(() => setDebounced({ cron, tz }), 300);
    return () => clearTimeout(t);
  }, [cron, tz]);
  const preview = useQuery({
    queryKey: ['cron-preview', debounced],
    queryFn: () => unwrap(api.POST('/api/v1/schedules/preview', { body: { cron: debounced.cron, timezone: debounced.tz, count: 5 } })),
    retry: false,
    enabled: debounced.cron.trim().length > 0,
  });
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/schedules', { body: { target: props.target, cron, timezone: tz } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schedules'] }),
  });
  const toggle = useMutation({
    mutationFn: () =>
      current?.paused
        ? unwrap(api.POST('/api/v1/schedules/{id}/resume', { params: { path: { id: current.id } } }))
        : unwrap(api.POST('/api/v1/schedules/{id}/pause', { params: { path: { id: current?.id ?? '' } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schedules'] }),
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/schedules/{id}', { params: { path: { id: current?.id ?? '' } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['schedules'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const editable = can('schedules:write');
  return (
    <div className="stack">
      {current ? (
        <p>
          Current schedule: <code>{current.cron}</code> in {current.timezone} <Badge value={current.paused ? 'paused' : 'active'} label={current.paused ? 'paused' : 'active'} />
          {current.next_due_at ? <> · next run {fmtDateTime(current.next_due_at)}</> : null}
          {current.source && current.source !== 'api' ? <span className="muted"> · set by {current.source}</span> : null}
        </p>
      ) : (
        <p className="muted">No schedule yet: this connection syncs only when someone starts it.</p>
      )}
      {editable ? (
        <form onSubmit={submit} className="stack" style={{ gap: 8, maxWidth: 620 }} aria-label="Schedule">
          <div className="row">
            {PRESETS.map((p) => (
              <button key={p.cron} type="button" className="btn btn-small" onClick={() => setCron(p.cron)}>{p.label}</button>
            ))}
          </div>
          <div className="row" style={{ alignItems: 'flex-end' }}>
            <label className="field" style={{ flex: 1 }}>
              <span>Cron expression</span>
              <input value={cron} onChange={(e) => setCron(e.target.value)} className="mono" aria-describedby="cron-hint" aria-invalid={Boolean(preview.error)} required />
            </label>
            <label className="field">
              <span>Time zone</span>
              <select value={tz} onChange={(e) => setTz(e.target.value)}>
                {[...new Set(['UTC', tz, ...zones()])].map((z) => <option key={z} value={z}>{z}</option>)}
              </select>
            </label>
          </div>
          <span id="cron-hint" className="hint muted small">minute hour day-of-month month day-of-week (or six fields with seconds first)</span>
          <div aria-live="polite">
            {preview.error ? <ErrorBox error={preview.error} title="Not a valid schedule" /> : preview.data ? (
              <div>
                <strong>Next runs</strong>
                <ol className="small">{preview.data.next.map((n) => <li key={n.at}>{n.local}</li>)}</ol>
              </div>
            ) : null}
          </div>
          {save.error ? <ErrorBox error={save.error} /> : null}
          {save.isSuccess ? <p className="success" role="status">Schedule saved.</p> : null}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={save.isPending || Boolean(preview.error)}>Save schedule</button>
            {current ? <button type="button" className="btn" onClick={() => toggle.mutate()}>{current.paused ? 'Resume' : 'Pause'}</button> : null}
            {current ? <button type="button" className="btn btn-danger" onClick={() => remove.mutate()}>Remove schedule</button> : null}
          </div>
        </form>
      ) : null}
    </div>
  );
}
