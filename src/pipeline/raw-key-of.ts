/** The key a raw row names (key fields as sent, trimmed, joined by `|`); null when a part is missing. */
export function rawKeyOf(raw: Record<string, unknown>, keyFields: readonly string[]): string | null {
  const parts: string[] = [];
  for (const f of keyFields) {
    const v = raw[f];
    if (v === null || v === undefined) return null;
    const s = (typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
    if (s === '') return null;
    parts.push(s);
  }
  return parts.join('|');
}
