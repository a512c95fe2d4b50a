import { join } from 'node:path';
import type { AppContext } from '../../main/app-context.js';
import { runSync, type SyncSummary } from '../../pipeline/run-sync.js';
import { createConnection, updateConnection } from '../../store/connection-store.js';
import type { SqlExecutor } from '../../store/database.js';
import { quarantineExpanderIssues } from '../pack-entities.js';
import { ingestResolvableRecords, type IngestSummary } from '../../resolve/store/resolution-record-store.js';
import { resolveEntities, type ResolveEntitiesSummary } from '../../resolve/store/resolve-entities.js';
import { agentRules } from '../../resolve/rules/agent.rules.js';
import type { ResolvableRecord } from '../../resolve/resolve-types.js';
import { AGENTS_STREAM, COMPANY_STREAM, agentRecord, expandCompanyRow, type MemberIssue, type SourceRow } from './expand-members.js';

export const COMPANY_FILE = 'raw_company_info.csv';
export const AGENTS_FILE = 'new_agents.csv';

/** The pack's two CSV connections (one stream each), created or pointed at `agentsDir`. */
export const AGENT_CONNECTIONS = [
  { name: 'agents-company-info', file: COMPANY_FILE, stream: COMPANY_STREAM, key: 'research_uuid', types: 'team_members:json' },
  { name: 'agents-new-agents', file: AGENTS_FILE, stream: AGENTS_STREAM, key: 'supabase_uuid', types: '' },
] as const;

export async function ensureAgentConnections(app: AppContext, agentsDir: string): Promise<void> {
  for (const c of AGENT_CONNECTIONS) {
    const config: Record<string, unknown> = { path: join(agentsDir, c.file), stream: c.stream, key: c.key, ...(c.types ? { types: c.types } : {}) };
    const { rows } = await app.db.query('select 1 from connections where name = $1', [c.name]);
    if (rows.length === 0) await createConnection(app.db, app.secrets, { name: c.name, connector: 'csv', config });
    else await updateConnection(app.db, app.secrets, c.name, { config });
  }
}

/** Loads both CSVs through the CSV source: streamed, validated, bad rows quarantined with their line numbers. */
export async function loadAgentSources(app: AppContext, agentsDir: string): Promise<SyncSummary[]> {
  await ensureAgentConnections(app, agentsDir);
  const out: SyncSummary[] = [];
  for (const c of AGENT_CONNECTIONS) out.push(await runSync(app, { connection: c.name, trigger: 'deploy' }));
  return out;
}

async function* activeRows(db: SqlExecutor, stream: string, pageSize = 5_000): AsyncGenerator<SourceRow> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ key: string; data: Record<string, unknown>; updated_at: Date | string }>(
      `select r.key, r.data, r.updated_at from records r join streams s on s.id = r.stream_id
        where s.name = $1 and r.status = 'active' and r.key > $2 order by r.key limit $3`,
      [stream, after, pageSize],
    );
    for (const r of rows) {
      yield { key: r.key, data: r.data, observedAt: new Date(r.updated_at).toISOString() };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.key;
  }
}

export interface MemberModelSummary {
  readonly company_rows: number;
  readonly agent_rows: number;
  readonly members: number;
  readonly agents: number;
  readonly issues: number;
  readonly issue_samples: readonly MemberIssue[];
  readonly resolution_records: IngestSummary;
}

/**
 * The `unified_company_member` model: expands every stored company row's `team_members` into normalised member
 * records, adds every agent row, and hands the full snapshot to resolution (which stores only what changed).
 */
export async function buildUnifiedMembers(app: AppContext): Promise<MemberModelSummary> {
  const region = app.config.defaultPhoneRegion;
  const records: ResolvableRecord[] = [];
  const issues: MemberIssue[] = [];
  let companyRows = 0;
  let agentRows = 0;
  let members = 0;
  for await (const row of activeRows(app.db, COMPANY_STREAM)) {
    companyRows++;
    const r = expandCompanyRow(row, region);
    members += r.records.length;
    records.push(...r.records);
    issues.push(...r.issues);
  }
  for await (const row of activeRows(app.db, AGENTS_STREAM)) {
    agentRows++;
    const r = agentRecord(row, region);
    records.push(...r.records);
    issues.push(...r.issues);
  }
  const ingest = await app.db.transaction(async (tx) => {
    await quarantineExpanderIssues(tx, issues);
    return ingestResolvableRecords(tx, agentRules, [COMPANY_STREAM, AGENTS_STREAM], records);
  });
  return {
    company_rows: companyRows, agent_rows: agentRows, members, agents: agentRows, issues: issues.length,
    issue_samples: issues.slice(0, 20), resolution_records: ingest,
  };
}

export function resolveAgents(app: AppContext, opts: { full?: boolean } = {}): Promise<ResolveEntitiesSummary> {
  return resolveEntities(app.db, agentRules, opts);
}

export interface AgentsDataQuality {
  readonly master_agents: number;
  readonly unified_members: number;
  readonly agent_records: number;
  readonly merged_masters: number;
  readonly cross_source_masters: number;
  readonly needs_review: number;
  readonly review_open: number;
  readonly confidence_distribution: Record<string, number>;
  readonly match_tiers: Record<string, number>;
  readonly last_merge_log: Record<string, unknown> | null;
}

export async function agentsDataQuality(db: SqlExecutor): Promise<AgentsDataQuality> {
  const { rows } = await db.query<Record<string, number>>(
    `select
       (select count(*) from master_agents) as master_agents,
       (select count(*) from unified_company_member) as unified_members,
       (select count(*) from resolution_records where entity_type = 'agent' and source = 'new_agents') as agent_records,
       (select count(*) from master_agents where member_count > 1) as merged_masters,
       (select count(*) from master_agents where cardinality(sources) > 1) as cross_source_masters,
       (select count(*) from master_agents where needs_review) as needs_review,
       (select count(*) from resolution_reviews where entity_type = 'agent' and status = 'open') as review_open`,
  );
  const { rows: buckets } = await db.query<{ bucket: string; n: number }>(
    `select case when confidence_score >= 100 then '100' when confidence_score >= 90 then '90-99'
                 when confidence_score >= 80 then '80-89' when confidence_score > 70 then '71-79' else '<=70' end as bucket,
            count(*) as n
       from master_agents group by 1 order by 1`,
  );
  const { rows: tiers } = await db.query<{ tier: string; n: number }>(
    `select coalesce(match_tier, 'single') as tier, count(*) as n from master_agents group by 1 order by 1`,
  );
  const { rows: logs } = await db.query<Record<string, unknown>>('select * from unified_merge_logs order by started_at desc limit 1');
  const c = rows[0]!;
  return {
    master_agents: Number(c.master_agents), unified_members: Number(c.unified_members), agent_records: Number(c.agent_records),
    merged_masters: Number(c.merged_masters), cross_source_masters: Number(c.cross_source_masters),
    needs_review: Number(c.needs_review), review_open: Number(c.review_open),
    confidence_distribution: Object.fromEntries(buckets.map((b) => [b.bucket, Number(b.n)])),
    match_tiers: Object.fromEntries(tiers.map((t) => [t.tier, Number(t.n)])),
    last_merge_log: logs[0] ?? null,
  };
}
