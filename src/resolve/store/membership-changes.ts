import type { Tx } from '../../store/database.js';
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
  for (let i = 0; i < changes.length; i += 2_000) {
    const payload = changes.slice(i, i + 2_000).map((c) => ({ stream: c.record.source, key: c.record.sourceKey, kind: c.kind, fields: c.fields }));
    await tx.query(
      `insert into changes (run_id, stream_id, key, kind, fields, actor)
       select $1::uuid, s.id, x.key, x.kind, x.fields, 'resolution'
         from jsonb_to_recordset($2::jsonb) as x(stream text, key text, kind text, fields jsonb)
         join streams s on s.name = x.stream`,
      [runId, JSON.stringify(payload)],
    );
  }
}
