import { SluiceError, toSluiceError } from '../core/errors.js';
import { splitEmails } from '../core/normalise-email.js';
import type { AppContext } from '../main/app-context.js';
import { getEntityRules } from '../resolve/entity-types.js';
import type { ResolvableRecord } from '../resolve/resolve-types.js';
import { ingestResolvableRecords } from '../resolve/store/resolution-record-store.js';
import { resolveEntities, type ResolveEntitiesSummary } from '../resolve/store/resolve-entities.js';
import type { SqlExecutor } from '../store/database.js';
import { getEntityExpander, type ExpanderIssue } from './entity-expanders.js';
import type { EntityTemplate } from './pack-spec.js';

function values(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.flatMap(values);
  return [String(v)];
}

/** One stream record as the resolver's input, by the pack's field mapping (pure). */
export function toResolvable(t: EntityTemplate, row: { key: string; data: Record<string, unknown>; updated_at: Date | string }): ResolvableRecord {
  const source = t.source ?? t.stream;
  const attributes: Record<string, unknown> = {};
  for (const a of t.attributes) if (row.data[a] !== undefined && row.data[a] !== null) attributes[a] = row.data[a];
  return {
    id: `${source}:${row.key}`,
    source,
    sourceKey: row.key,
    memberIndex: null,
    scope: t.scope ? String(row.data[t.scope] ?? '') : '',
    name: (Array.isArray(t.name) ? t.name : t.name ? [t.name] : []).map((f) => String(row.data[f] ?? '').trim()).find((v) => v !== '') ?? '',
    emails: [...new Set(t.emails.flatMap((f) => splitEmails(values(row.data[f]).join(',')).emails))].sort(),
    phones: [...new Set(t.phones.flatMap((f) => values(row.data[f])))].sort(),
    attributes,
    observedAt: new Date(row.updated_at).toISOString(),
  };
}

export interface EntityStepResult {
  readonly type: string;
  readonly status: 'succeeded' | 'failed';
  readonly ingest?: { created: number; updated: number; unchanged: number; removed: number };
  readonly resolution?: ResolveEntitiesSummary;
  readonly error?: string;
}

/**
 * Feeds a stream's records into an entity type's resolution (a full snapshot of the source: vanished records leave
 * it) and runs an incremental resolution pass. People's review decisions stand across runs.
 */
export async function resolvePackEntities(app: AppContext, t: EntityTemplate): Promise<EntityStepResult> {
  try {
    const rules = getEntityRules(t.type);
    const { rows } = await app.db.query<{ key: string; data: Record<string, unknown>; updated_at: Date }>(
      `select r.key, r.data, r.updated_at from records r join streams s on s.id = r.stream_id
        where s.name = $1 ${t.active_only ? "and r.status = 'active'" : ''} order by r.key`,
      [t.stream],
    );
    let records: ResolvableRecord[];
    const issues: ExpanderIssue[] = [];
    if (t.expand) {
      const expand = getEntityExpander(t.expand);
      if (!expand) throw new SluiceError('validation_failed', `entity expander "${t.expand}" is not registered`);
      const region = app.config.defaultPhoneRegion;
      records = [];
      for (const r of rows) {
        const out = expand({ key: r.key, data: r.data, observedAt: new Date(r.updated_at).toISOString() }, { region });
        records.push(...out.records);
        issues.push(...out.issues);
      }
    } else records = rows.map((r) => toResolvable(t, r)).filter((r) => r.name !== '');
    const ingest = await app.db.transaction(async (tx) => {
      await quarantineExpanderIssues(tx, issues);
      return ingestResolvableRecords(tx, rules, [t.source ?? t.stream], records);
    });
    const resolution = await resolveEntities(app.db, rules);
    return { type: t.type, status: 'succeeded', ingest, resolution };
  } catch (err) {
    return { type: t.type, status: 'failed', error: toSluiceError(err).message };
  }
}

/**
 * Values an expander cannot use (broken JSON, an address that is not one) go to the quarantine of their stream, once
 * per problem while unresolved: nothing is dropped silently.
 */
export async function quarantineExpanderIssues(db: SqlExecutor, issues: readonly ExpanderIssue[]): Promise<void> {
  if (issues.length === 0) return;
  const payload = issues.map((i) => ({
    stream: i.source,
    position: i.memberIndex === null ? i.sourceKey : `${i.sourceKey}.team_members[${i.memberIndex}]`,
    raw: { key: i.sourceKey, member_index: i.memberIndex },
    reasons: [i.problem],
  }));
  await db.query(
    `insert into quarantine (stream_id, position, raw, reasons)
     select s.id, x.position, x.raw, x.reasons
       from jsonb_to_recordset($1::jsonb) as x(stream text, position text, raw jsonb, reasons jsonb)
       join streams s on s.name = x.stream
      where not exists (select 1 from quarantine q where q.stream_id = s.id and q.position = x.position
                          and q.reasons = x.reasons and q.resolved_at is null)`,
    [JSON.stringify(payload)],
  );
}
