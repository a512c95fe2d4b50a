import type { SourceMessage, StreamDef } from '../core/connector.js';
import { SluiceError } from '../core/errors.js';
import type { Database } from '../store/database.js';
import type { ModelSpec } from './model-spec.js';
import { getModelTransform, type ModelRow } from './model-transforms.js';

/** The `connector` of every model's stream: a source cannot take a model's name, nor a model a source's. */
export const MODEL_CONNECTOR = 'model';

/**
 * A model as a source: its `read()` runs the model's SQL (read-only) and its transforms, then yields the rows, so the
 * pipeline materialises it exactly like a connector's full snapshot. Every row is computed before the first is
 * yielded: a failing query or transform stores nothing and removes nothing (the last good rows stay).
 */
export function modelStreamDef(db: Database, spec: ModelSpec): StreamDef {
  return {
    name: spec.name,
    primaryKey: spec.primaryKey,
    schema: { fields: spec.schema.fields },
    syncMode: 'full_snapshot',
    async *read(ctx): AsyncGenerator<SourceMessage> {
      let rows = await readModelRows(db, spec);
      for (const name of spec.transforms) {
        if (ctx.signal.aborted) return;
        const fn = getModelTransform(name);
        if (!fn) throw new SluiceError('validation_failed', `model "${spec.name}": no transform registered as "${name}"`);
        try {
          rows = fn(rows, { model: spec.name, now: ctx.now() });
        } catch (err) {
          throw new SluiceError('internal', `model "${spec.name}": transform "${name}" failed: ${(err as Error).message}`, { cause: err });
        }
      }
      for (const data of rows) yield { type: 'record', data };
    },
  };
}

/** The SQL's rows as JSON values (numbers as numbers, dates as ISO text), in a read-only transaction. */
export async function readModelRows(db: Database, spec: ModelSpec, limit?: number): Promise<ModelRow[]> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query('set transaction read only');
      const { rows } = await tx.query<{ row: ModelRow }>(
        `select to_jsonb(m) as row from (${spec.sql}\n) m${limit === undefined ? '' : ` limit ${Math.max(0, Math.floor(limit))}`}`,
      );
      return rows.map((r) => r.row);
    });
  } catch (err) {
    if (err instanceof SluiceError) throw err;
    // SQLSTATE classes 42 (syntax, unknown relation or column) and 22 (bad data) are the model's fault; others (a lost
    // connection) may pass, so a job retries them.
    const state = String((err as { code?: unknown }).code ?? '');
    const code = state.startsWith('42') || state.startsWith('22') ? 'validation_failed' : 'database_error';
    throw new SluiceError(code, `model "${spec.name}": its SQL failed: ${(err as Error).message}`, { cause: err });
  }
}
