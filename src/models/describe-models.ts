import type { SqlExecutor } from '../store/database.js';
import { CODE_MODELS } from './code-models.js';
import { directDependents } from './model-graph.js';
import { listModels } from './model-store.js';
import { modelRunName } from './refresh-model.js';

/** A model as `sluice model list|show` and `GET /api/v1/models` show it. */
export interface ModelInfo {
  readonly name: string;
  /** `sql`: a declared model materialised as a stream; `code`: a TypeScript model writing its own tables. */
  readonly kind: 'sql' | 'code';
  readonly title: string | null;
  readonly description: string | null;
  readonly pack: string | null;
  readonly inputs: string[];
  readonly dependents: string[];
  readonly primary_key: string[];
  readonly fields: { name: string; type: string; required?: boolean; description?: string; enum?: string[] }[];
  readonly sql: string | null;
  readonly transforms: string[];
  readonly validation: 'pending' | 'ok' | 'invalid' | null;
  readonly validation_error: { code: string; message: string } | null;
  readonly counts: { active: number; removed: number };
  readonly last_run: { id: string; status: string; started_at: Date; finished_at: Date | null; error: { code: string; message: string } | null } | null;
}

interface LastRun {
  connection_name: string;
  id: string;
  status: string;
  started_at: Date;
  finished_at: Date | null;
  error: { code: string; message: string } | null;
}

/** Every model (declared and code), with counts, dependents and its last run. */
export async function describeModels(db: SqlExecutor): Promise<ModelInfo[]> {
  const stored = await listModels(db);
  const nodes = [...stored.map((m) => ({ name: m.name, inputs: m.inputs })), ...CODE_MODELS.map((m) => ({ name: m.name, inputs: [...m.inputs] }))];
  const names = nodes.map((n) => n.name);
  const { rows: counts } = await db.query<{ name: string; active: number; removed: number }>(
    `select s.name, count(*) filter (where r.status = 'active')::int as active, count(*) filter (where r.status = 'removed')::int as removed
     from streams s join records r on r.stream_id = s.id where s.name = any($1::text[]) group by s.name`,
    [names],
  );
  const { rows: runs } = await db.query<LastRun>(
    `select distinct on (connection_name) connection_name, id::text as id, status, started_at, finished_at, error
     from runs where kind = 'model' and connection_name = any($1::text[]) order by connection_name, started_at desc`,
    [names.map(modelRunName)],
  );
  const countOf = (n: string) => {
    const c = counts.find((x) => x.name === n);
    return { active: c?.active ?? 0, removed: c?.removed ?? 0 };
  };
  const runOf = (n: string) => {
    const r = runs.find((x) => x.connection_name === modelRunName(n));
    return r ? { id: r.id, status: r.status, started_at: r.started_at, finished_at: r.finished_at, error: r.error ?? null } : null;
  };
  const out: ModelInfo[] = stored.map((m) => ({
    name: m.name,
    kind: 'sql',
    title: m.spec.title ?? null,
    description: m.spec.description ?? null,
    pack: m.pack,
    inputs: m.inputs,
    dependents: directDependents(nodes, m.name),
    primary_key: m.spec.primaryKey,
    fields: m.spec.schema.fields.map((f) => ({ ...f, ...(f.enum ? { enum: [...f.enum] } : {}) })),
    sql: m.spec.sql,
    transforms: m.spec.transforms,
    validation: m.validation,
    validation_error: m.validation_error ? { code: m.validation_error.code, message: m.validation_error.message } : null,
    counts: countOf(m.name),
    last_run: runOf(m.name),
  }));
  for (const c of CODE_MODELS) {
    out.push({
      name: c.name, kind: 'code', title: null, description: c.description, pack: null, inputs: [...c.inputs],
      dependents: directDependents(nodes, c.name), primary_key: [], fields: [], sql: null, transforms: [], validation: null,
      validation_error: null, counts: countOf(c.name), last_run: runOf(c.name),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
