// A pragmatic address check: one @, no spaces, a dotted domain. Full RFC 5322 accepts things no mail system delivers.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;

/** Trims, strips `mailto:` and lower-cases; returns null for an empty value and `{ invalid }` for a bad one. */
export function normaliseEmail(input: unknown): string | null | { invalid: string } {
  if (input === null || input === undefined) return null;
  let s = String(input).trim();
  if (s === '') return null;
  s = s.replace(/^mailto:/i, '').split('?')[0]!.trim().toLowerCase();
  if (!EMAIL_RE.test(s)) return { invalid: String(input) };
  return s;
}

/** Splits a free-text list of addresses on `,` `;` `/` and whitespace, normalised and de-duplicated, in order. */
export function splitEmails(input: unknown): { emails: string[]; invalid: string[] } {
  if (input === null || input === undefined) return { emails: [], invalid: [] };
  const parts = Array.isArray(input) ? input.map(String) : String(input).split(/[,;/\s]+/);
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    const e = normaliseEmail(p);
    if (e === null) continue;
    if (typeof e === 'object') invalid.push(e.invalid);
    else if (!emails.includes(e)) emails.push(e);
  }
  return { emails, invalid };
}
