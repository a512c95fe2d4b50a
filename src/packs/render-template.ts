import type { SettingValue } from './pack-settings.js';

/** What a placeholder may name: settings (`ui.base_url`), `pack`, `connection:<id>`, `destination:<id>`, `instance.name`. */
export type PlaceholderLookup = (name: string) => SettingValue | undefined;

export interface Rendered<T> {
  readonly value: T;
  /** Placeholders that had no value: the template cannot be created yet. */
  readonly missing: readonly string[];
}

const WHOLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;
const ANY = /\{\{\s*([^{}]+?)\s*\}\}/g;

function renderValue(v: unknown, lookup: PlaceholderLookup, missing: Set<string>): unknown {
  if (typeof v === 'string') {
    const whole = WHOLE.exec(v);
    if (whole) {
      const name = whole[1] as string;
      const found = lookup(name);
      if (found === undefined) missing.add(name);
      return found;
    }
    return v.replace(ANY, (_m, name: string) => {
      const found = lookup(name);
      if (found === undefined) {
        missing.add(name);
        return '';
      }
      return Array.isArray(found) ? found.join(',') : String(found);
    });
  }
  if (Array.isArray(v)) return v.map((x) => renderValue(x, lookup, missing));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const r = renderValue(x, lookup, missing);
      // An unfilled optional value is left out, so the target's own default applies.
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return v;
}

/**
 * Fills `{{…}}` placeholders in a template (pure). A string that is one placeholder takes the value's own type (a
 * number stays a number); placeholders inside text are interpolated.
 */
export function renderTemplate<T>(template: T, lookup: PlaceholderLookup): Rendered<T> {
  const missing = new Set<string>();
  const value = renderValue(template, lookup, missing) as T;
  return { value, missing: [...missing].sort() };
}

/** Every placeholder a template uses (for `pack show`: which settings feed which part). */
export function placeholdersOf(template: unknown): string[] {
  const out = new Set<string>();
  renderValue(template, (name) => {
    out.add(name);
    return '';
  }, new Set());
  return [...out].sort();
}
