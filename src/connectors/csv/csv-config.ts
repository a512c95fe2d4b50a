import { z } from 'zod';
import type { FieldSpec } from '../../core/stream-schema.js';
import { commaListSchema } from '../../core/comma-list.js';

const FIELD_TYPES = ['string', 'text', 'integer', 'number', 'boolean', 'date', 'datetime', 'email', 'phone', 'url', 'json', 'string[]', 'email[]', 'phone[]'] as const;

const fieldSchema = z.object({
  name: z.string().min(1),
  type: z.enum(FIELD_TYPES).default('string'),
  required: z.boolean().optional(),
  from: z.string().optional(),
  format: z.string().optional(),
  enum: z.array(z.string()).optional(),
  description: z.string().optional(),
});

/** `a,b` or `["a","b"]` → list. */
const list = commaListSchema;

export const csvConfigSchema = z.object({
  path: z.string().min(1, 'path to the CSV file is required'),
  stream: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, 'a stream name is letters, digits and _ (starting with a letter)'),
  key: list.refine((k) => k.length > 0, 'at least one key column is required'),
  delimiter: z.string().min(1).max(4).default(','),
  quote: z.string().max(1).default('"'),
  encoding: z.enum(['utf-8', 'utf8', 'latin1', 'iso-8859-1', 'windows-1252', 'utf-16le']).default('utf-8'),
  /** Header renames: `Full Name:name,E-mail:email` (source header → field name). */
  columns: z.string().optional(),
  /** Field types as a shorthand: `age:integer,email:email,joined:date`; other columns stay strings. */
  types: z.string().optional(),
  /** A full field list as JSON (array of {name, type, required, from, format}); overrides `types`. */
  schema: z.union([z.string(), z.array(fieldSchema)]).optional(),
  /** Lines to skip before the header. */
  skip_lines: z.coerce.number().int().min(0).default(0),
});

export type CsvConfig = z.infer<typeof csvConfigSchema>;

export function parseFieldList(schema: CsvConfig['schema']): FieldSpec[] | null {
  if (schema === undefined) return null;
  const raw: unknown = typeof schema === 'string' ? JSON.parse(schema) : schema;
  return z.array(fieldSchema).parse(raw);
}

export function parsePairs(s: string | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of (s ?? '').split(',')) {
    const i = part.lastIndexOf(':');
    if (i <= 0) continue;
    m.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return m;
}
