import type { NinjaDevice } from './ninja-types.js';
import { splitCommaList } from '../../core/comma-list.js';

export type DevicePredicate = (d: NinjaDevice) => boolean;

const FIELDS: Record<string, (d: NinjaDevice) => string> = {
  org: (d) => String(d.organizationId),
  loc: (d) => String(d.locationId),
  id: (d) => String(d.id),
  class: (d) => d.nodeClass,
  role: (d) => String(d.nodeRoleId),
  policy: (d) => String(d.policyId),
  status: (d) => d.approvalStatus,
};

/**
 * Parses the subset of NinjaOne's device filter (`df`) the simulator understands: `org = 1`, `loc in (2, 3)`,
 * `class != MAC`, `status = APPROVED`, `online`, `offline`, joined with AND. Returns null for anything else, which the
 * routes answer with 400 like the API does for a filter it cannot parse.
 */
export function parseDeviceFilter(df: string | undefined): DevicePredicate | null {
  if (df === undefined || df.trim() === '') return () => true;
  const parts = df.split(/\s+and\s+/i).map((p) => p.trim());
  const preds: DevicePredicate[] = [];
  for (const part of parts) {
    const lower = part.toLowerCase();
    if (lower === 'online') {
      preds.push((d) => !d.offline);
      continue;
    }
    if (lower === 'offline') {
      preds.push((d) => d.offline);
      continue;
    }
    const m = /^(\w+)\s*(=|!=|in|notin|not in)\s*(.+)$/i.exec(part);
    if (!m) return null;
    const get = FIELDS[m[1]!.toLowerCase()];
    if (!get) return null;
    const op = m[2]!.toLowerCase().replace(/\s+/g, '');
    const raw = m[3]!.trim();
    if (op === 'in' || op === 'notin') {
      const list = /^\((.*)\)$/.exec(raw);
      if (!list) return null;
      const values = new Set(splitCommaList(list[1] ?? ''));
      preds.push(op === 'in' ? (d) => values.has(get(d)) : (d) => !values.has(get(d)));
    } else {
      preds.push(op === '=' ? (d) => get(d) === raw : (d) => get(d) !== raw);
    }
  }
  return (d) => preds.every((p) => p(d));
}
