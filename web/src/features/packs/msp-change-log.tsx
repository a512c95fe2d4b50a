import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { highRiskReason } from '../../../../src/packs/msp-dashboards/config-risk';
import { api, unwrap } from '../../api/client';
import { useCan } from '../../auth/session';
import { fmtDateTime } from '../../components/format';
import { Badge, Card, EmptyState, ErrorBox, Loading } from '../../components/ui';

const FIELDS = [
  { key: 'site', label: 'Site', required: true, hint: 'the UniFi site id, name or description' },
  { key: 'tool', label: 'Tool', required: true, hint: 'what made the change (ansible, unifi-controller, manual…)' },
  { key: 'category', label: 'Category', required: true, hint: 'wifi, firewall, switching, vpn…' },
  { key: 'action', label: 'Action', required: true, hint: 'create, update, delete, rollback…' },
  { key: 'device', label: 'Device' },
  { key: 'vendor', label: 'Vendor' },
  { key: 'engineer', label: 'Engineer' },
  { key: 'ticket', label: 'Ticket' },
] as const;
type Key = (typeof FIELDS)[number]['key'] | 'summary' | 'details' | 'rollback_plan';
const RISK_TONE = { low: 'ok', medium: 'info', high: 'warn', critical: 'bad' } as const;

/**
 * The msp-dashboards change log: the risk is the server's to judge (a high or critical change without a rollback plan
 * is refused with `rollback_plan_required`, shown as the API says it); the form only warns ahead with the same rule.
 */
export function MspChangeLog() {
  const can = useCan();
  const qc = useQueryClient();
  const changes = useQuery({ queryKey: ['msp-changes'], queryFn: () => unwrap(api.GET('/api/v1/packs/msp-dashboards/changes', { params: { query: { limit: 50 } } })) });
  const [form, setForm] = useState<Partial<Record<Key, string>>>({});
  const log = useMutation({
    mutationFn: () => {
      const body = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, v?.trim()]).filter(([, v]) => v)) as Record<Key, string>;
      return unwrap(api.POST('/api/v1/packs/msp-dashboards/changes', { body }));
    },
    onSuccess: async () => {
      setForm({});
      await qc.invalidateQueries({ queryKey: ['msp-changes'] });
    },
  });
  const set = (k: Key) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const risky = highRiskReason({ summary: form.summary ?? '', details: form.details ?? null, action: form.action ?? '' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    log.mutate();
  };
  return (
    <Card title="Change log" className="mt">
      <p className="small muted">Configuration changes by people and tools. A change is high risk when it mentions a risky word or deletes or rolls back; high and critical changes need a rollback plan.</p>
      {can('connections:write') ? (
        <form onSubmit={submit} aria-label="Log a change">
          <div className="grid grid-2">
            {FIELDS.map((f) => (
              <div className="field" key={f.key}>
                <label htmlFor={`chg-${f.key}`}>{f.label}{'required' in f ? ' *' : ''}</label>
                <input id={`chg-${f.key}`} required={'required' in f} value={form[f.key] ?? ''} onChange={(e) => set(f.key)(e.target.value)} aria-describedby={'hint' in f ? `chg-${f.key}-hint` : undefined} />
                {'hint' in f ? <span className="hint" id={`chg-${f.key}-hint`}>{f.hint}</span> : null}
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor="chg-summary">Summary *</label>
            <input id="chg-summary" required maxLength={2000} value={form.summary ?? ''} onChange={(e) => set('summary')(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="chg-details">Details</label>
            <textarea id="chg-details" rows={3} value={form.details ?? ''} onChange={(e) => set('details')(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="chg-rollback">Rollback plan{risky ? ' *' : ''}</label>
            <textarea id="chg-rollback" rows={3} value={form.rollback_plan ?? ''} onChange={(e) => set('rollback_plan')(e.target.value)} aria-describedby="chg-rollback-hint" />
            <span className="hint" id="chg-rollback-hint">{risky ? `This change is high risk (${risky}): describe how to undo it.` : 'How to undo the change; required for high and critical changes.'}</span>
          </div>
          <div aria-live="polite">
            {log.error ? <ErrorBox error={log.error} title="The change was not logged" /> : null}
            {log.data ? <p className="success" role="status">Logged {log.data.change_id} as <strong>{log.data.risk_level}</strong> risk.</p> : null}
          </div>
          <button type="submit" className="btn btn-primary" disabled={log.isPending}>Log change</button>
        </form>
      ) : null}
      <h3 className="mt">Recent changes</h3>
      {changes.isPending ? <Loading /> : changes.error ? <ErrorBox error={changes.error} /> : changes.data.items.length === 0 ? (
        <EmptyState title="No change logged yet">Log one with the form above, with <code>sluice change log</code>, or from a tool over the API.</EmptyState>
      ) : (
        <div className="table-wrap" tabIndex={0}>
          <table className="data">
            <caption className="sr-only">Logged changes</caption>
            <thead><tr><th scope="col">Id</th><th scope="col">Logged</th><th scope="col">Site</th><th scope="col">Tool</th><th scope="col">Action</th><th scope="col">Risk</th><th scope="col">Summary</th><th scope="col">Rollback plan</th><th scope="col">By</th></tr></thead>
            <tbody>
              {changes.data.items.map((c) => (
                <tr key={c.change_id}>
                  <td className="mono nowrap">{c.change_id}</td>
                  <td className="nowrap">{fmtDateTime(c.logged_at)}</td>
                  <td>{c.site}{c.site_id ? null : <span className="muted small"> (unmatched)</span>}</td>
                  <td>{c.tool}</td>
                  <td>{c.category} / {c.action}</td>
                  <td><Badge value={c.risk_level} tone={RISK_TONE[c.risk_level]} /></td>
                  <td className="wrap">{c.summary}</td>
                  <td className="wrap small">{c.rollback_plan ?? '—'}</td>
                  <td className="small">{c.engineer ?? c.logged_by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
