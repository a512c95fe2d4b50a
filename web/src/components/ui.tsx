import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function PageHeader(props: { title: string; subtitle?: ReactNode; actions?: ReactNode; crumbs?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        {props.crumbs ? <nav aria-label="Breadcrumb" className="crumbs">{props.crumbs}</nav> : null}
        <h1>{props.title}</h1>
        {props.subtitle ? <p className="subtitle">{props.subtitle}</p> : null}
      </div>
      {props.actions ? <div className="actions">{props.actions}</div> : null}
    </header>
  );
}

/** What a new user sees where there is nothing yet: what this is and what to do next. */
export function EmptyState(props: { title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <h2>{props.title}</h2>
      {props.children ? <div className="empty-body">{props.children}</div> : null}
      {props.action ? <div className="empty-action">{props.action}</div> : null}
    </div>
  );
}

/** The API's own message and code; never a generic "something went wrong". */
export function ErrorBox(props: { error: unknown; title?: string }) {
  const e = props.error;
  const code = e instanceof ApiError ? e.code : 'client_error';
  const message = e instanceof Error ? e.message : String(e);
  // Validation errors list every problem in details.problems: shown as the API words them.
  const problems = e instanceof ApiError ? (e.details as { problems?: unknown } | undefined)?.problems : undefined;
  return (
    <div className="error-box" role="alert">
      <strong>{props.title ?? 'The request failed'}</strong>
      <p>
        {message} <code>{code}</code>
        {e instanceof ApiError && e.status ? <span className="muted"> (HTTP {e.status})</span> : null}
      </p>
      {Array.isArray(problems) && problems.length ? <ul className="small">{problems.map((p, i) => <li key={i}>{String(p)}</li>)}</ul> : null}
    </div>
  );
}

export function Loading(props: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? 'Loading…'}
    </div>
  );
}

const TONES: Record<string, string> = {
  succeeded: 'ok', completed: 'ok', ok: 'ok', active: 'ok', closed: 'ok', approved: 'ok', created: 'ok', enabled: 'ok', installed: 'ok',
  running: 'info', queued: 'info', retry: 'warn', half_open: 'warn', partial: 'warn', degraded: 'warn', open: 'warn', updated: 'info',
  failed: 'bad', fail: 'bad', cancelled: 'muted', removed: 'bad', rejected: 'bad', disabled: 'muted', paused: 'muted',
};

export function Badge(props: { value: string; tone?: 'ok' | 'warn' | 'bad' | 'info' | 'muted'; label?: string }) {
  return <span className={`badge tone-${props.tone ?? TONES[props.value] ?? 'muted'}`}>{props.label ?? props.value.replace(/_/g, ' ')}</span>;
}

export function Stat(props: { label: string; value: ReactNode; hint?: ReactNode; tone?: 'ok' | 'warn' | 'bad' }) {
  return (
    <div className={`stat ${props.tone ? `tone-${props.tone}` : ''}`}>
      <div className="stat-label">{props.label}</div>
      <div className="stat-value">{props.value}</div>
      {props.hint ? <div className="stat-hint">{props.hint}</div> : null}
    </div>
  );
}

export function Card(props: { title?: ReactNode; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section className={`card ${props.className ?? ''}`}>
      {props.title || props.actions ? (
        <div className="card-head">
          {props.title ? <h2>{props.title}</h2> : null}
          {props.actions ? <div className="actions">{props.actions}</div> : null}
        </div>
      ) : null}
      {props.children}
    </section>
  );
}
