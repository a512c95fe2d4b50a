import type { Tx } from '../../store/database.js';
import { copyRows } from './copy-rows.js';
import type { ResolvableRecord, ResolvedCluster } from '../resolve-types.js';

export interface MembershipChange {
  readonly record: ResolvableRecord;
  readonly kind: 'merged' | 'split';
  readonly fields: Record<string, { op: string; old: unknown; new: unknown }>;
}

/**
 * What a run did to each record's entity, in the terms of the change history: `merged` when other records joined it,
 * `split` when records it was resolved with were taken away. A record can be both in one run.
 */
export function membershipChanges(
  records: ReadonlyMap<string, ResolvableRecord>,
  previous: ReadonlyMap<string, string | null>,
  clusters: readonly ResolvedCluster[],
  ids: readonly string[],
): MembershipChange[] {
  const before = new Map<string, string[]>();
  for (const [rid, eid] of previous) {
    if (eid === null) continue;
    const l = before.get(eid);
    if (l) l.push(rid);
    else before.set(eid, [rid]);
  }
  const out: MembershipChange[] = [];
  clusters.forEach((c, i) => {
    const now = new Set(c.members);
    for (const m of c.members) {
      const record = records.get(m);
      if (!record) continue;
      const prevId = previous.get(m) ?? null;
      const prevMates = new Set((prevId ? before.get(prevId) ?? [] : []).filter((x) => x !== m));
      const joined = c.members.filter((x) => x !== m && !prevMates.has(x));
      const left = [...prevMates].filter((x) => !now.has(x)).sort();
      const path = record.memberIndex === null ? 'entity_id' : `team_members[${record.memberIndex}].entity_id`;
      const entity = { op: prevId === ids[i] ? 'keep' : prevId === null ? 'add' : 'replace', old: prevId, new: ids[i] };
      if (joined.length) out.push({ record, kind: 'merged', fields: { [path]: entity, members: { op: 'add', old: null, new: joined } } });
      if (left.length) out.push({ record, kind: 'split', fields: { [path]: entity, members: { op: 'remove', old: left, new: null } } });
    }
  });
  return out;
}

/**
 * Writes them into `changes` on the record's own source stream (key = the source record's key), so a record's history
 * explains why it now belongs to another agent. No outbox event: destinations of the source streams have nothing
 * new to deliver for a membership change.
 */
export async function writeMembershipChanges(tx: Tx, runId: string, changes: readonly MembershipChange[]): Promise<void> {
  if (changes.length === 0) return;
  const names = [...new Set(changes.map((c) => c.record.source))];
  const { rows } = await tx.query<{ id: number; name: string }>('select id, name from streams where name = any($1::text[])', [names]);
  const streamId = new Map(rows.map((r) => [r.name, String(r.id)]));
  // Records of a source that is not a stream (a direct API caller) have no history to write into.
  const lines: (string | null)[][] = [];
  for (const c of changes) {
    const id = streamId.get(c.record.source);
    if (id !== undefined) lines.push([runId, id, c.record.sourceKey, c.kind, JSON.stringify(c.fields), 'resolution']);
  }
  await copyRows(tx, 'changes', ['run_id', 'stream_id', 'key', 'kind', 'fields', 'actor'], lines);
}
