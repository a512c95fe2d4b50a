import { z } from 'zod';

/** `"a, b,,c"` or `["a ", "b"]` → `["a", "b", "c"]`: trimmed, empty items dropped. */
export function splitCommaList(v: string | readonly string[]): string[] {
  return (typeof v === 'string' ? v.split(',') : [...v]).map((s) => s.trim()).filter(Boolean);
}

/** A config value given as a comma-separated string or a list. */
export const commaListSchema = z.union([z.string(), z.array(z.string())]).transform(splitCommaList);
