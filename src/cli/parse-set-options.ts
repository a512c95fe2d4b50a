import { readFileSync } from 'node:fs';
import { SluiceError } from '../core/errors.js';

/** Collects repeated `--set k=v` flags for commander. */
export function collectSet(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * `--set k=v` pairs (and an optional JSON `--config-file`) into one object. Values stay strings; each connector's
 * schema coerces them. `k=@file` reads the value from a file (keeps secrets out of shell history).
 */
export function parseSetOptions(sets: readonly string[] = [], configFile?: string): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  if (configFile) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(configFile, 'utf8'));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not a JSON object');
      out = { ...(parsed as Record<string, unknown>) };
    } catch (err) {
      throw new SluiceError('bad_request', `cannot read --config-file ${configFile}: ${(err as Error).message}`);
    }
  }
  const problems: string[] = [];
  for (const s of sets) {
    const i = s.indexOf('=');
    if (i <= 0) {
      problems.push(`--set ${s}: expected key=value`);
      continue;
    }
    const k = s.slice(0, i).trim();
    let v = s.slice(i + 1);
    if (v.startsWith('@')) {
      try {
        v = readFileSync(v.slice(1), 'utf8').trim();
      } catch (err) {
        problems.push(`--set ${k}: cannot read ${v.slice(1)}: ${(err as Error).message}`);
        continue;
      }
    }
    out[k] = v;
  }
  if (problems.length) throw new SluiceError('bad_request', problems.join('; '), { details: { problems } });
  return out;
}
