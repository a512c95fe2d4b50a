import { normaliseEmail } from '../../core/normalise-email.js';

/**
 * The locator's `email` holds an address, `mailto:` + address, a contact-page URL, or stray text. Splits it into a
 * clean address and a contact URL; anything else is dropped (the raw payload keeps it).
 */
export function normaliseLocatorEmail(raw: string): { email: string | null; contactUrl: string | null } {
  const s = raw.trim();
  if (s === '') return { email: null, contactUrl: null };
  const e = normaliseEmail(s);
  if (typeof e === 'string') return { email: e, contactUrl: null };
  return { email: null, contactUrl: normaliseWebsite(s) };
}

/** A website as an absolute http(s) URL; bare domains get `http://`; anything else is null. */
export function normaliseWebsite(raw: string): string | null {
  const s = raw.trim();
  if (s === '') return null;
  if (/^https?:\/\/[^\s/]+\.[^\s]+/i.test(s)) return s;
  if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(s)) return `http://${s}`;
  return null;
}

/** Coordinates arrive as strings, sometimes empty; a number only when it is one and in range. */
export function parseCoordinate(raw: unknown, limit: 90 | 180): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : null;
}

/** The locator's multi-line address with CRLFs, runs of blanks and trailing blanks cleaned; lines kept. */
export function normaliseAddress(raw: string): string | null {
  const lines = raw
    .split(/\r?\n|\r/)
    .map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim().replace(/,$/, '').trim())
    .filter((l) => l !== '');
  return lines.length > 0 ? lines.join('\n') : null;
}
