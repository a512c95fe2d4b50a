import { SluiceError } from '../core/errors.js';
import { isJobKind, JOB_KINDS, parseJobPayload, type JobKind, type JobPayload } from './job-kinds.js';

export interface ScheduleTarget {
  readonly target: string;
  readonly kind: JobKind;
  readonly payload: JobPayload;
}

/**
 * Parses a schedule target — what a schedule runs:
 *   `sync:<connection>` · `sync:<connection>/<stream>[,<stream>…]` · `push:<destination>` · `resolve:<entity type>` ·
 *   `model:<model>` (or `model:*` for every model) · `pack:<pack id>` (a whole pack run).
 * One schedule per target, so a pack can give each DGI dealer and job type its own cron and time zone.
 */
export function parseScheduleTarget(target: string): ScheduleTarget {
  const m = /^([a-z]+):(.+)$/.exec(target.trim());
  if (!m) throw new SluiceError('validation_failed', `invalid schedule target "${target}": expected <kind>:<name>, kind one of ${JOB_KINDS.join(', ')}`);
  const kindText = m[1] ?? '';
  const rest = (m[2] ?? '').trim();
  if (!isJobKind(kindText)) {
    throw new SluiceError('validation_failed', `invalid schedule target "${target}": unknown kind "${kindText}" (one of ${JOB_KINDS.join(', ')})`);
  }
  const kind: JobKind = kindText;
  let payload: JobPayload;
  switch (kind) {
    case 'sync': {
      const slash = rest.indexOf('/');
      const connection = slash < 0 ? rest : rest.slice(0, slash);
      const streams = slash < 0 ? undefined : rest.slice(slash + 1).split(',').map((s) => s.trim()).filter(Boolean);
      payload = parseJobPayload('sync', { connection, ...(streams ? { streams } : {}), trigger: 'schedule' });
      break;
    }
    case 'push':
      payload = parseJobPayload('push', { destination: rest, trigger: 'schedule' });
      break;
    case 'resolve':
      payload = parseJobPayload('resolve', { entityType: rest, trigger: 'schedule' });
      break;
    case 'model':
      payload = parseJobPayload('model', { ...(rest === '*' ? {} : { model: rest }), trigger: 'schedule' });
      break;
    case 'pack':
      payload = parseJobPayload('pack', { pack: rest, trigger: 'schedule' });
      break;
  }
  return { target: `${kind}:${rest}`, kind, payload };
}
