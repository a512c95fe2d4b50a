import type { SqlExecutor } from '../../store/database.js';

export interface VerificationCheck {
  readonly kind: 'table' | 'view' | 'function' | 'index';
  readonly name: string;
  readonly present: boolean;
}

export interface VerificationResult {
  readonly ok: boolean;
  readonly checks: readonly VerificationCheck[];
}

const EXPECTED: Readonly<Record<VerificationCheck['kind'], readonly string[]>> = {
  table: ['connections', 'streams', 'records', 'changes', 'quarantine', 'runs', 'resolution_records', 'resolution_blocks',
    'entities', 'resolution_reviews', 'resolution_decisions', 'resolution_runs'],
  view: ['master_agents', 'unified_company_member', 'unified_merge_logs'],
  function: ['resolution_component', 'resolution_candidates'],
  index: ['resolution_blocks_pkey', 'resolution_blocks_record_idx', 'resolution_records_pkey', 'resolution_records_entity_idx',
    'resolution_records_dirty_idx', 'resolution_reviews_open_pair_idx', 'entities_type_scope_idx', 'resolution_runs_started_idx'],
};

/** Checks that every table, view, function and index the agents pack relies on exists (the seed's verify step). */
export async function verifyAgentsDeployment(db: SqlExecutor): Promise<VerificationResult> {
  const { rows: rels } = await db.query<{ name: string; kind: string }>(
    `select table_name as name, table_type as kind from information_schema.tables where table_schema = current_schema()`,
  );
  const { rows: fns } = await db.query<{ name: string }>(
    `select p.proname as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema()`,
  );
  const { rows: idx } = await db.query<{ name: string }>(`select indexname as name from pg_indexes where schemaname = current_schema()`);
  const tables = new Set(rels.filter((r) => r.kind === 'BASE TABLE').map((r) => r.name));
  const views = new Set(rels.filter((r) => r.kind === 'VIEW').map((r) => r.name));
  const functions = new Set(fns.map((f) => f.name));
  const indexes = new Set(idx.map((i) => i.name));
  const present = { table: tables, view: views, function: functions, index: indexes };
  const checks = (Object.keys(EXPECTED) as VerificationCheck['kind'][]).flatMap((kind) =>
    EXPECTED[kind].map((name) => ({ kind, name, present: present[kind].has(name) })),
  );
  return { ok: checks.every((c) => c.present), checks };
}
