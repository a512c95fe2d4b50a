import { canonicalJson } from '../core/content-hash.js';
import { SluiceError } from '../core/errors.js';
import type { Database, SqlExecutor } from '../store/database.js';
import { ensureStream } from '../store/stream-registry.js';
import { MODEL_CONNECTOR } from './model-connector.js';
import { modelSchema, parseModelSpec, type ModelSpec, type ModelSpecInput } from './model-spec.js';
import { unknownTransforms } from './model-transforms.js';

export type ModelValidation = 'pending' | 'ok' | 'invalid';

/** A stored model with its refresh bookkeeping. */
export interface StoredModel {
  readonly name: string;
  /** Stands in for a connection id on the model's records and stream state. */
  readonly id: string;
  readonly pack: string | null;
  readonly spec: ModelSpec;
  readonly inputs: string[];
  readonly validation: ModelValidation;
  readonly validation_error: { code: string; message: string; details?: unknown } | null;
  readonly last_run_id: string | null;
  readonly last_status: string | null;
  readonly last_refreshed_at: Date | null;
  readonly last_error: { code: string; message: string } | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export interface SaveModelOptions {
  /** The pack declaring it (shown in listings; `listModels({ pack })`). */
  readonly pack?: string | undefined;
}

export interface SaveModelResult {
  readonly model: StoredModel;
  /** `created`, `updated` (the declaration changed) or `unchanged`. */
  readonly outcome: 'created' | 'updated' | 'unchanged';
  /** Inputs that do not exist yet (not synced): the SQL is checked at the model's first refresh instead. */
  readonly missingInputs: string[];
}

const COLUMNS = `name, id::text as id, pack, spec, inputs, validation, validation_error, last_run_id::text as last_run_id,
  last_status, last_refreshed_at, last_error, created_at, updated_at`;

/**
 * Registers a model (or upgrades its declaration): validates the declaration, refuses a dependency cycle or a name
 * taken by a source's stream, creates its stream and typed view `data.<name>`, and checks its SQL against its schema
 * when every input exists (otherwise the model is `pending` and is checked at its first refresh). A declaration whose
 * SQL does not fit is refused with the problems listed (code `validation_failed`); nothing is stored then.
 */
export async function saveModel(db: Database, input: ModelSpecInput | ModelSpec, opts: SaveModelOptions = {}): Promise<SaveModelResult> {
  const spec = parseModelSpec(input);
  const missingTransforms = unknownTransforms(spec.transforms);
  if (missingTransforms.length > 0) {
    throw new SluiceError('validation_failed', `invalid model "${spec.name}": unknown transform(s) ${missingTransforms.join(', ')}`, {
      details: { problems: missingTransforms.map((t) => `transforms: no transform registered as "${t}"`) },
    });
  }
  const all = await listModels(db);
  assertNoCycle(spec, all);
  const prior = all.find((m) => m.name === spec.name);
  const { rows: streamRows } = await db.query<{ name: string; connector: string }>('select name, connector from streams where name = any($1::text[])', [
    [spec.name, ...spec.inputs],
  ]);
  const own = streamRows.find((s) => s.name === spec.name);
  if (own && own.connector !== MODEL_CONNECTOR) {
    throw new SluiceError('conflict', `"${spec.name}" is already a stream of connector ${own.connector}; a model needs its own name`);
  }
  const existing = new Set(streamRows.map((s) => s.name));
  const missingInputs = spec.inputs.filter((i) => !existing.has(i));
  const check = missingInputs.length === 0 ? await checkModelSql(db, spec) : null;
  if (check && check.problems.length > 0) {
    throw new SluiceError('validation_failed', `invalid model "${spec.name}": ${check.problems.join('; ')}`, { details: { problems: check.problems } });
  }
  const specJson = JSON.stringify(spec);
  const same = prior !== undefined && canonicalJson(prior.spec) === canonicalJson(spec) && prior.pack === (opts.pack ?? null);
  const model = await db.transaction(async (tx) => {
    await ensureStream(tx, { name: spec.name, connector: MODEL_CONNECTOR, primaryKey: spec.primaryKey, schema: modelSchema(spec), syncMode: 'full_snapshot' });
    const { rows } = await tx.query<StoredModel>(
      `insert into models (name, pack, spec, inputs, validation, validation_error)
       values ($1, $2, $3::jsonb, $4::text[], $5, $6::jsonb)
       on conflict (name) do update set pack = excluded.pack, spec = excluded.spec, inputs = excluded.inputs,
         validation = excluded.validation, validation_error = excluded.validation_error,
         updated_at = case when models.spec = excluded.spec and models.pack is not distinct from excluded.pack then models.updated_at else now() end
       returning ${COLUMNS}`,
      [
        spec.name,
        opts.pack ?? null,
        specJson,
        spec.inputs,
        check ? 'ok' : 'pending',
        check ? null : JSON.stringify({ code: 'inputs_missing', message: `inputs not synced yet: ${missingInputs.join(', ')}` }),
      ],
    );
    return rows[0] as StoredModel;
  });
  return { model, outcome: prior ? (same ? 'unchanged' : 'updated') : 'created', missingInputs };
}

export interface RemoveModelOptions {
  /** Keep the model's stream, records and history (only stop refreshing it). Default: drop them. */
  readonly keepData?: boolean;
}

/** Unregisters a model. Refused while another model reads it (remove the dependents first, see `modelRefreshOrder`). */
export async function removeModel(db: Database, name: string, opts: RemoveModelOptions = {}): Promise<void> {
  const all = await listModels(db);
  if (!all.some((m) => m.name === name)) throw new SluiceError('not_found', `no model named "${name}"`);
  const dependents = all.filter((m) => m.inputs.includes(name)).map((m) => m.name);
  if (dependents.length > 0) {
    throw new SluiceError('conflict', `model "${name}" is read by ${dependents.map((d) => `"${d}"`).join(', ')}; remove those first`, {
      details: { dependents },
    });
  }
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>('delete from models where name = $1 returning id::text as id', [name]);
    const id = rows[0]?.id;
    if (opts.keepData) return;
    const { rows: streams } = await tx.query<{ id: number; view_name: string | null }>(
      'delete from streams where name = $1 and connector = $2 returning id, view_name',
      [name, MODEL_CONNECTOR],
    );
    for (const s of streams) {
      if (s.view_name) await tx.query(`drop view if exists data."${s.view_name}"`);
      await tx.query('delete from outbox where stream_id = $1', [s.id]);
    }
    if (id) await tx.query('delete from stream_state where connection_id = $1::uuid', [id]);
  });
}

export async function getModel(db: SqlExecutor, name: string): Promise<StoredModel> {
  const { rows } = await db.query<StoredModel>(`select ${COLUMNS} from models where name = $1`, [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no model named "${name}"`);
  return row;
}

export async function listModels(db: SqlExecutor, opts: { pack?: string } = {}): Promise<StoredModel[]> {
  const { rows } = await db.query<StoredModel>(
    `select ${COLUMNS} from models where ($1::text is null or pack = $1) order by name`,
    [opts.pack ?? null],
  );
  return rows;
}

/** Records the outcome of a model's check (at save or at refresh). */
export async function setModelValidation(db: SqlExecutor, name: string, problems: readonly string[]): Promise<void> {
  await db.query(`update models set validation = $2, validation_error = $3::jsonb where name = $1`, [
    name,
    problems.length ? 'invalid' : 'ok',
    problems.length ? JSON.stringify({ code: 'validation_failed', message: problems.join('; '), details: { problems } }) : null,
  ]);
}

export async function recordModelRun(
  db: SqlExecutor,
  name: string,
  r: { runId: string; status: string; error: { code: string; message: string } | null },
): Promise<void> {
  await db.query(
    `update models set last_run_id = $2::uuid, last_status = $3, last_refreshed_at = now(), last_error = $4::jsonb where name = $1`,
    [name, r.runId, r.status, r.error ? JSON.stringify(r.error) : null],
  );
}

function assertNoCycle(spec: ModelSpec, all: readonly StoredModel[]): void {
  const inputsOf = new Map(all.map((m) => [m.name, m.inputs]));
  inputsOf.set(spec.name, spec.inputs);
  const path: string[] = [];
  const visiting = new Set<string>();
  const visit = (n: string): void => {
    if (visiting.has(n)) {
      const cycle = [...path.slice(path.indexOf(n)), n];
      throw new SluiceError('validation_failed', `invalid model "${spec.name}": its inputs form a cycle (${cycle.join(' → ')})`, {
        details: { problems: [`inputs: cycle ${cycle.join(' → ')}`] },
      });
    }
    const inputs = inputsOf.get(n);
    if (!inputs) return;
    visiting.add(n);
    path.push(n);
    for (const i of inputs) visit(i);
    path.pop();
    visiting.delete(n);
  };
  visit(spec.name);
}

export interface ModelSqlCheck {
  /** The query's columns, in order. */
  readonly columns: { name: string; type: string }[];
  readonly problems: string[];
}

/**
 * Checks a model's SQL without running it over the data: the statement is planned as a temporary view (so syntax,
 * unknown relations and unknown columns are reported by the database) and its columns are compared with the schema.
 * With transforms, only the key fields must come out of the SQL (the transforms may add the rest).
 */
export async function checkModelSql(db: Database, spec: ModelSpec): Promise<ModelSqlCheck> {
  const view = `sluice_model_check_${process.pid}_${Date.now().toString(36)}`;
  let columns: { name: string; type: string }[];
  try {
    columns = await db.transaction(async (tx) => {
      await tx.query(`create temporary view ${view} as ${spec.sql}`);
      const { rows } = await tx.query<{ name: string; type: string }>(
        `select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
         from pg_attribute a where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped order by a.attnum`,
        [view],
      );
      await tx.query(`drop view ${view}`);
      return rows;
    });
  } catch (err) {
    return { columns: [], problems: [`sql: ${(err as Error).message}`] };
  }
  const problems: string[] = [];
  const names = columns.map((c) => c.name);
  const fields = spec.schema.fields.map((f) => f.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`sql: column "${dup}" appears twice`);
  const required = spec.transforms.length > 0 ? spec.primaryKey : fields;
  for (const f of required) if (!names.includes(f)) problems.push(`sql: no column "${f}" (a schema field)`);
  if (spec.transforms.length === 0) {
    for (const c of names) if (!fields.includes(c)) problems.push(`sql: column "${c}" is not in the schema`);
  }
  return { columns, problems };
}
