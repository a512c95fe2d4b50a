import type { ResolvableRecord } from '../../src/resolve/resolve-types.js';

let n = 0;
/** A member record with sensible defaults; ids sort in creation order. */
export function rec(p: Partial<ResolvableRecord> & { name: string }): ResolvableRecord {
  n++;
  const id = p.id ?? `src:${String(n).padStart(4, '0')}`;
  return {
    id,
    source: p.source ?? 'src',
    sourceKey: p.sourceKey ?? id,
    memberIndex: p.memberIndex ?? null,
    scope: p.scope ?? 'team-1',
    name: p.name,
    emails: p.emails ?? [],
    phones: p.phones ?? [],
    attributes: p.attributes ?? {},
    observedAt: p.observedAt ?? '2026-01-01T00:00:00.000Z',
  };
}
