/** A text[] literal (`{"a","b"}`) for COPY: every element quoted, so commas, braces and spaces need no thought. */
export function pgArray(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += `"${values[i]!.replace(/["\\]/g, (c) => `\\${c}`)}"`;
  }
  return `${out}}`;
}
