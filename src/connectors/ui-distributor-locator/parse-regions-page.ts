import type { RegionPair } from './region-pairs.js';

/**
 * Finds `mainRegionsData = [...]` in the locator's HTML and returns its region/country-state pairs, in page order.
 * The value is a JavaScript literal (unquoted keys, single quotes), so it is rewritten to JSON before parsing;
 * returns null when the variable is missing or unreadable, so the caller can fall back.
 */
export function parseRegionsPage(html: string): RegionPair[] | null {
  const m = /mainRegionsData\s*[:=]\s*\[/.exec(html);
  if (!m) return null;
  const start = m.index + m[0].length - 1;
  const literal = sliceBalanced(html, start);
  if (literal === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(jsLiteralToJson(literal));
  } catch {
    return null;
  }
  if (!Array.isArray(data)) return null;
  const pairs: RegionPair[] = [];
  const seen = new Set<string>();
  for (const r of data) {
    if (!isObj(r) || typeof r.s !== 'string' || !Array.isArray(r.i)) continue;
    const region = r.s.trim();
    for (const c of r.i) {
      if (!isObj(c) || typeof c.s !== 'string' || c.s.trim() === '') continue;
      const code = c.s.trim();
      const key = `${region}/${code}`;
      if (region === '' || seen.has(key)) continue;
      seen.add(key);
      pairs.push(typeof c.n === 'string' && c.n.trim() !== '' ? { region, code, name: c.n.trim() } : { region, code });
    }
  }
  return pairs.length > 0 ? pairs : null;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text from an opening `[` to its matching `]`, skipping brackets inside strings. */
function sliceBalanced(s: string, start: number): string | null {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') {
      depth--;
      if (depth === 0) return s.slice(start, i + 1);
    }
  }
  return null;
}

/** Quotes bare keys, turns single-quoted strings into JSON strings and drops trailing commas. */
function jsLiteralToJson(src: string): string {
  let out = '';
  for (let i = 0; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch === '"' || ch === "'") {
      let j = i + 1;
      let text = '';
      while (j < src.length && src[j] !== ch) {
        if (src[j] === '\\' && j + 1 < src.length) {
          text += src[j + 1] === "'" ? "'" : `\\${src[j + 1]}`;
          j += 2;
          continue;
        }
        text += src[j] === '"' ? '\\"' : src[j];
        j++;
      }
      out += `"${text}"`;
      i = j;
      continue;
    }
    const key = /^[A-Za-z_$][\w$]*(?=\s*:)/.exec(src.slice(i));
    if (key && /[{,]\s*$/.test(out)) {
      out += `"${key[0]}"`;
      i += key[0].length - 1;
      continue;
    }
    if (ch === ',' && /^\s*[\]}]/.test(src.slice(i + 1))) continue;
    out += ch;
  }
  return out;
}
