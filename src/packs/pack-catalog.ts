import type { AppContext } from '../main/app-context.js';
import { loadPacks, getPack } from './pack-registry.js';
import { flattenSettings } from './pack-settings.js';
import type { PackSetting } from './pack-spec.js';
import { listPackRows } from './pack-state.js';

export interface PackListItem {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly version: string;
  /** Null when not installed. */
  readonly installed: { status: string; version: string; missing: string[] } | null;
}

export async function listPackCatalog(app: AppContext): Promise<PackListItem[]> {
  const rows = new Map((await listPackRows(app.db)).map((r) => [r.id, r]));
  return loadPacks().map((p) => {
    const r = rows.get(p.id);
    return { id: p.id, name: p.name, description: p.description, version: p.version, installed: r ? { status: r.status, version: r.version, missing: r.missing } : null };
  });
}

export interface SettingInfo {
  readonly key: string;
  readonly type: PackSetting['type'];
  readonly description: string;
  readonly default: unknown;
  readonly required: boolean;
  readonly options?: readonly string[];
}

const settingInfo = (key: string, s: PackSetting): SettingInfo => ({
  key, type: s.type, description: s.description, default: s.default ?? null, required: s.required, ...(s.options ? { options: s.options } : {}),
});

/** `sluice pack show <id>`: what installing the pack creates and which settings it takes. */
export function describePack(id: string) {
  const p = getPack(id);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    version: p.version,
    settings: [...flattenSettings(p.settings)].map(([k, s]) => settingInfo(k, s)),
    connections: p.connections.map((c) => ({ id: c.id, connector: c.connector, optional: c.optional })),
    entities: p.entities.map((e) => ({ type: e.type, stream: e.stream })),
    models: p.models.map((m) => String(m.name)),
    destinations: p.destinations.map((d) => ({ id: d.id, kind: d.kind, optional: d.optional, pull: d.pull })),
    schedules: p.schedules.map((s) => ({ id: s.id, target: s.target, cron: s.cron, timezone: s.timezone })),
    dashboards: p.dashboards.map((d) => String(d.id)),
    indexes: p.indexes,
    instances: Object.entries(p.instances).map(([template, t]) => ({
      template,
      description: t.description,
      settings: [...flattenSettings({ [template]: t.settings })].map(([k, s]) => settingInfo(k, s)),
      connections: t.connections.map((c) => ({ id: c.id, connector: c.connector })),
      schedules: t.schedules.map((s) => ({ id: s.id, target: s.target, cron: s.cron })),
    })),
  };
}
export type PackDescription = ReturnType<typeof describePack>;
