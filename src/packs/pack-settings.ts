import { assertCron, nextOccurrence } from '../jobs/cron-occurrence.js';
import { isValidTimeZone } from '../core/time-zone.js';
import { SluiceError } from '../core/errors.js';
import type { PackSetting } from './pack-spec.js';

export type SettingValue = string | number | boolean | string[];

/** Settings by `<part>.<setting>`. */
export type SettingValues = Record<string, SettingValue>;

/** The settings a pack (or an instance template) declares, flattened to `<part>.<setting>` keys. */
export function flattenSettings(settings: Readonly<Record<string, Readonly<Record<string, PackSetting>>>>): Map<string, PackSetting> {
  const out = new Map<string, PackSetting>();
  for (const [part, byName] of Object.entries(settings)) {
    for (const [name, spec] of Object.entries(byName)) out.set(`${part}.${name}`, spec);
  }
  return out;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

/** One setting's value from `--set` text (or a JSON value from the API), or the problem with it. */
export function coerceSetting(key: string, spec: PackSetting, raw: unknown): { value: SettingValue } | { problem: string } {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const bad = (why: string) => ({ problem: `${key}: ${why}` });
  const within = (n: number) => {
    if (spec.min !== undefined && n < spec.min) return bad(`must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) return bad(`must be at most ${spec.max}`);
    return { value: n };
  };
  if (text === '' || text === null || text === undefined) return bad('is empty');
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const n = typeof text === 'number' ? text : Number(text);
      if (!Number.isFinite(n) || (spec.type === 'integer' && !Number.isInteger(n))) return bad(`"${String(raw)}" is not ${spec.type === 'integer' ? 'an integer' : 'a number'}`);
      return within(n);
    }
    case 'boolean': {
      if (typeof text === 'boolean') return { value: text };
      const s = String(text).toLowerCase();
      if (TRUE.has(s)) return { value: true };
      if (FALSE.has(s)) return { value: false };
      return bad(`"${String(raw)}" is not true or false`);
    }
    case 'list': {
      const list = (Array.isArray(text) ? text.map(String) : String(text).split(',')).map((s) => s.trim()).filter(Boolean);
      const wrong = spec.options ? list.filter((v) => !spec.options?.includes(v)) : [];
      if (wrong.length) return bad(`${wrong.map((w) => `"${w}"`).join(', ')} not one of ${spec.options?.join(', ') ?? ''}`);
      return { value: list };
    }
    default: {
      if (typeof text !== 'string') return bad('must be text');
      if (spec.options && !spec.options.includes(text)) return bad(`"${text}" is not one of ${spec.options.join(', ')}`);
      if (spec.type === 'url') {
        try {
          const u = new URL(text);
          if (u.protocol !== 'http:' && u.protocol !== 'https:') return bad(`"${text}" is not an http(s) URL`);
        } catch {
          return bad(`"${text}" is not a URL`);
        }
      }
      if (spec.type === 'timezone' && !isValidTimeZone(text)) return bad(`"${text}" is not an IANA time zone (e.g. Europe/Paris)`);
      if (spec.type === 'cron') {
        try {
          assertCron(text, 'UTC');
        } catch (err) {
          return bad((err as Error).message);
        }
        // For a cron setting, `min` is the shortest interval allowed between two runs, in minutes.
        const gap = spec.min === undefined ? undefined : shortestCronGapMinutes(text);
        if (gap !== undefined && spec.min !== undefined && gap < spec.min) return bad(`"${text}" runs every ${gap} minute(s); at least ${spec.min} apart is allowed`);
      }
      return { value: text };
    }
  }
}

/**
 * Validates `--set` values against the declared settings; every unknown key and bad value is listed in one error
 * (code `validation_failed`, details.problems).
 */
export function parseSettingValues(declared: ReadonlyMap<string, PackSetting>, given: Readonly<Record<string, unknown>>, what: string): SettingValues {
  const out: SettingValues = {};
  const problems: string[] = [];
  for (const [key, raw] of Object.entries(given)) {
    const spec = declared.get(key);
    if (!spec) {
      const part = key.includes('.') ? key.slice(0, key.indexOf('.')) : '';
      const near = [...declared.keys()].filter((k) => k.startsWith(`${part}.`));
      problems.push(`${key}: unknown setting${near.length ? ` (${part} has ${near.join(', ')})` : ` (known: ${[...declared.keys()].join(', ') || 'none'})`}`);
      continue;
    }
    const r = coerceSetting(key, spec, raw);
    if ('problem' in r) problems.push(r.problem);
    else out[key] = r.value;
  }
  if (problems.length > 0) {
    throw new SluiceError('validation_failed', `invalid settings for ${what}: ${problems.join('; ')}`, { details: { problems } });
  }
  return out;
}

/** Given values over defaults; the keys of required settings still without a value. */
export function effectiveSettings(declared: ReadonlyMap<string, PackSetting>, given: Readonly<SettingValues>): { values: SettingValues; missing: string[] } {
  const values: SettingValues = {};
  const missing: string[] = [];
  for (const [key, spec] of declared) {
    const v = given[key] ?? spec.default;
    if (v !== undefined) values[key] = v;
    else if (spec.required) missing.push(key);
  }
  return { values, missing };
}

export const isSecretSetting = (spec: PackSetting | undefined): boolean => spec?.type === 'secret';

/** The shortest gap between consecutive runs of a cron over a day of its occurrences (UTC), in minutes. */
export function shortestCronGapMinutes(cron: string): number {
  let at = nextOccurrence(cron, 'UTC', new Date(Date.UTC(2026, 0, 5)));
  const end = at.getTime() + 86_400_000;
  let shortest = Infinity;
  for (let i = 0; i < 1_500 && at.getTime() < end; i++) {
    const next = nextOccurrence(cron, 'UTC', at);
    shortest = Math.min(shortest, (next.getTime() - at.getTime()) / 60_000);
    at = next;
  }
  return shortest;
}
