/**
 * A value's text as `String()` gives it, for any parsed input: a JSON object such as `{"toString": ""}` makes
 * `String()` throw, and such a value must be refused as invalid by the normalisers, not crash the batch.
 */
export function textOf(input: unknown): string {
  try {
    return String(input);
  } catch {
    return JSON.stringify(input) ?? '';
  }
}
