import { boundedMemo } from './bounded-memo.js';
import { isPlaceholder } from './placeholder-value.js';
import { textOf } from './text-of.js';

// A pragmatic address check: one @, no spaces, a dotted domain. Full RFC 5322 accepts things no mail system delivers.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;

// Addresses that stand for "no address": test and dummy mailboxes, throwaway domains and the reserved .test/.invalid
// top-level domains. RFC 2606's example.com is NOT dropped: people use it in real files (fixtures, demos), and an
// address a user supplied must not silently vanish from their data.
const PLACEHOLDER_LOCAL = /^(test|none|noemail|no-?email|na|n\/a|null|unknown|dummy|fake|noreply|no-reply|donotreply|nobody|xxx+|asdf)$/;
const PLACEHOLDER_DOMAIN = /(^|\.)(test\.com|test|invalid|none\.com|noemail\.com|domain\.com|na\.com)$/;
// Mail providers that ignore dots in the local part and treat googlemail.com as gmail.com.
const DOTLESS = new Set(['gmail.com', 'googlemail.com']);

/** True for an address that means "no address" (test@test.com, none@none.com, anything@x.invalid). */
export function isPlaceholderEmail(address: string): boolean {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  return PLACEHOLDER_LOCAL.test(local) || PLACEHOLDER_DOMAIN.test(domain);
}

/**
 * The mailbox an address delivers to, as the identity of a person: `+tags` dropped (sub-addressing, RFC 5233, as
 * every large provider does it) and, for Gmail, dots in the local part and the googlemail.com alias.
 */
export function canonicalMailbox(address: string): string {
  const at = address.lastIndexOf('@');
  let local = address.slice(0, at);
  let domain = address.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (DOTLESS.has(domain)) {
    local = local.replace(/\./g, '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/**
 * Trims, strips `mailto:`, lower-cases and reduces to the canonical mailbox; returns null for an empty value or a
 * placeholder (N/A, none, test@test.com) and `{ invalid }` for a bad one.
 */
export function normaliseEmail(input: unknown): string | null | { invalid: string } {
  if (isPlaceholder(input)) return null;
  return cachedEmail(textOf(input));
}

// Lists repeat the same addresses (a shared mailbox on many rows): each distinct one is normalised once.
const cachedEmail = boundedMemo(normaliseEmailText, 20_000);

function normaliseEmailText(input: string): string | null | { invalid: string } {
  let s = input.trim();
  s = s.replace(/^mailto:/i, '').split('?')[0]!.trim().toLowerCase();
  if (isPlaceholder(s)) return null;
  if (!EMAIL_RE.test(s)) return { invalid: textOf(input) };
  if (isPlaceholderEmail(s)) return null;
  return canonicalMailbox(s);
}

/** Splits a free-text list of addresses on `,` `;` `/` and whitespace, normalised and de-duplicated, in order. */
export function splitEmails(input: unknown): { emails: string[]; invalid: string[] } {
  // "N/A" as a whole is a placeholder, not the two bogus addresses "N" and "A".
  if (!Array.isArray(input) && isPlaceholder(input)) return { emails: [], invalid: [] };
  // An "n/a" inside a list would otherwise be split on its slash into "n" and "a".
  const parts = Array.isArray(input) ? input.map(textOf) : textOf(input).replace(/(^|[\s,;])n\/a(?=$|[\s,;])/gi, '$1').split(/[,;/\s]+/);
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
