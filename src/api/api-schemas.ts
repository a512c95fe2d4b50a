import { z } from 'zod';
import { SluiceError } from '../core/errors.js';

/** Shared pieces of request and response schemas (the OpenAPI document is generated from these). */
export const isoDate = z.string().describe('ISO 8601 timestamp');
export const nullableIsoDate = isoDate.nullable();

export function iso(d: Date | string): string;
export function iso(d: Date | string | null | undefined): string | null;
export function iso(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  return (d instanceof Date ? d : new Date(d)).toISOString();
}

export const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const limitParam = z.coerce.number().int().min(1).max(1000).default(50);
export const cursorParam = z.string().max(2000).optional().describe('opaque cursor from next_cursor');

export const idParam = z.object({ id: z.uuid() });
export const nameParam = z.object({ name: z.string().min(1).max(200) });

export const okBody = z.object({ ok: z.literal(true) });

/** Cursors are opaque to clients: base64url JSON of the last row's sort values. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v as unknown[];
  } catch {
    /* reported below */
  }
  throw new SluiceError('validation_failed', 'the cursor is not valid for this query', { details: { problems: ['querystring.cursor: invalid'] } });
}

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), next_cursor: z.string().nullable() });
