import { SluiceError } from '../core/errors.js';
import type { PackSetting } from './pack-spec.js';
import type { SettingValues } from './pack-settings.js';

/** The simulators to install against: their base URL and the credentials they accept (`GET <url>/_admin/credentials`). */
export interface SandboxSource {
  readonly url: string;
  readonly credentials: Record<string, unknown>;
}

/** Reads the credentials of a running sandbox (`sluice sandbox`) at `url`. */
export async function fetchSandboxSource(url: string): Promise<SandboxSource> {
  const base = url.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/_admin/credentials`, { signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new SluiceError('upstream_unavailable', `no sandbox answers at ${base} (${(err as Error).message}); start one with: sluice sandbox`);
  }
  if (!res.ok) throw new SluiceError('upstream_error', `${base}/_admin/credentials answered ${res.status}: is this a Sluice sandbox?`);
  return { url: base, credentials: (await res.json()) as Record<string, unknown> };
}

function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(part)] : (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Every setting that declares how the sandbox fills it, filled (pure). */
export function fillFromSandbox(declared: ReadonlyMap<string, PackSetting>, source: SandboxSource): SettingValues {
  const out: SettingValues = {};
  const base = source.url.replace(/\/+$/, '');
  for (const [key, spec] of declared) {
    const fill = spec.sandbox;
    if (!fill) continue;
    if ('url' in fill) out[key] = `${base}/${fill.url}${fill.path ?? ''}`;
    else if ('credential' in fill) {
      const v = at(source.credentials, fill.credential);
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = v;
    } else out[key] = fill.value;
  }
  return out;
}
