import { z } from 'zod';
import { SluiceError } from '../core/errors.js';
import { FIELD_TYPES, type StreamSchema } from '../core/stream-schema.js';

/** A model's name is also its stream's name (and its typed view `data.<name>`), so it is a plain identifier. */
export const MODEL_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/** A schema field as a declaration (the zod twin of `FieldSpec` in core/stream-schema.ts). */
export const fieldSpecSchema = z.object({
  name: z.string().min(1).max(200),
  type: z.enum(FIELD_TYPES),
  required: z.boolean().optional(),
  description: z.string().optional(),
  enum: z.array(z.string()).optional(),
  format: z.string().optional(),
});

export const streamSchemaSchema = z.object({ fields: z.array(fieldSpecSchema).min(1) });

/**
 * A model: a derived stream. Its SQL reads the typed views (`data.<stream>`, child streams' views, other models'
 * views), `data._changes` (the change history: id, run_id, stream, key, kind, fields, actor, at) and `data._runs`
 * (id, connection, kind, status, trigger, started_at, finished_at, duration_ms, …). Its rows go through the same
 * pipeline as a source's: validated against `schema`, keyed by `primaryKey`, hashed, diffed, written with change rows
 * and outbox events, and removed after `removal.misses` refreshes without them (with the mass-removal guard).
 */
export const modelSpec = z
  .object({
    name: z.string().regex(MODEL_NAME, 'a lower-case identifier: letters, digits, _ (starting with a letter)'),
    title: z.string().max(200).optional(),
    description: z.string().max(2000).optional(),
    /**
     * The streams and models the SQL reads. They order refreshes (models of models after their inputs) and decide
     * which models a sync's changes trigger.
     */
    inputs: z.array(z.string().min(1).max(200)).default([]),
    /** One `select` (no trailing `;`). Its columns are the schema's fields, by name. */
    sql: z.string().min(1).max(100_000),
    /** Fields whose values, joined, form the record key. */
    primaryKey: z.array(z.string().min(1)).min(1),
    schema: streamSchemaSchema,
    /**
     * Pure TypeScript functions (registered with `registerModelTransform`) applied in order to the SQL's rows before
     * validation: classification rules, scores. With transforms, the SQL's columns need not match the schema.
     */
    transforms: z.array(z.string().min(1)).default([]),
    /** Removal policy (defaults as for a connection: removed at the first refresh without it, guard at 50 % over 10). */
    removal: z
      .object({
        misses: z.number().int().min(1).max(1000).optional(),
        maxShare: z.number().min(0).max(1).optional(),
        guardMinimum: z.number().int().min(0).max(1_000_000).optional(),
      })
      .optional(),
  })
  .superRefine((m, ctx) => {
    const names = m.schema.fields.map((f) => f.name);
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    for (const d of new Set(dup)) ctx.addIssue({ code: 'custom', path: ['schema', 'fields'], message: `field "${d}" is declared twice` });
    for (const k of m.primaryKey) {
      if (!names.includes(k)) ctx.addIssue({ code: 'custom', path: ['primaryKey'], message: `key field "${k}" is not in the schema` });
    }
    if (m.inputs.includes(m.name)) ctx.addIssue({ code: 'custom', path: ['inputs'], message: 'a model cannot read itself' });
    if (/;\s*\S/.test(m.sql.replace(/'[^']*'/g, "''"))) {
      ctx.addIssue({ code: 'custom', path: ['sql'], message: 'one statement only (no ";" between statements)' });
    }
  });

/** What a pack declares (defaults may be left out). */
export type ModelSpecInput = z.input<typeof modelSpec>;
/** A validated declaration. */
export type ModelSpec = z.infer<typeof modelSpec>;

/** Validates a declaration, listing every problem at once. */
export function parseModelSpec(input: unknown): ModelSpec {
  const r = modelSpec.safeParse(input);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || 'model'}: ${i.message}`);
    const name = (input as { name?: unknown } | null)?.name;
    throw new SluiceError('validation_failed', `invalid model${typeof name === 'string' ? ` "${name}"` : ''}: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return r.data;
}

export function modelSchema(spec: ModelSpec): StreamSchema {
  return { fields: spec.schema.fields };
}
