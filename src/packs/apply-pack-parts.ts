import { canonicalJson } from '../core/content-hash.js';
import { toSluiceError } from '../core/errors.js';
import type { DestinationKind } from '../destinations/destination.js';
import {
  createDestination, getDestinationRow, loadDestination, removeDestination, updateDestination, validateDestinationConfig,
} from '../destinations/destination-store.js';
import { getSchedulesOf, removeSchedule, setSchedules, type SetScheduleInput } from '../jobs/schedule-store.js';
import { parseScheduleTarget } from '../jobs/schedule-target.js';
import type { AppContext } from '../main/app-context.js';
import { parsePipelineSettings } from '../core/pipeline-settings.js';
import {
  createConnection, getConnection, loadConnectionConfig, removeConnection, updateConnection, validateConnectorConfig,
} from '../store/connection-store.js';
import type { ResourceKind } from './pack-state.js';

export type PartAction = 'created' | 'updated' | 'unchanged' | 'removed' | 'waiting' | 'skipped' | 'failed';

/** What install, upgrade or uninstall did to one part. */
export interface PartChange {
  readonly kind: ResourceKind;
  readonly part: string;
  readonly name: string;
  readonly action: PartAction;
  /** Settings the part still needs (`waiting`) or the fields that changed (`updated`). */
  readonly missing?: readonly string[];
  readonly changed?: readonly string[];
  readonly error?: string;
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

async function exists(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (err) {
    if (toSluiceError(err).code === 'not_found') return false;
    throw err;
  }
}

/** Creates the connection, or updates only the keys the pack declares when they differ (other settings are kept). */
export async function applyConnection(
  app: AppContext,
  part: string,
  t: { name: string; connector: string; config: Record<string, unknown>; pipeline: Record<string, unknown> },
): Promise<PartChange> {
  const base = { kind: 'connection' as const, part, name: t.name };
  if (!(await exists(() => getConnection(app.db, t.name)))) {
    await createConnection(app.db, app.secrets, { name: t.name, connector: t.connector, config: t.config, settings: t.pipeline });
    return { ...base, action: 'created' };
  }
  const { connection, config } = await loadConnectionConfig(app.db, app.secrets, t.name);
  const next = validateConnectorConfig(t.connector, { ...config, ...t.config });
  const changed = Object.keys(t.config).filter((k) => !same(config[k], next[k]));
  const settings = parsePipelineSettings({ ...connection.settings, ...t.pipeline });
  const changedSettings = Object.keys(t.pipeline).filter((k) => !same(connection.settings[k], (settings as Record<string, unknown>)[k]));
  if (changed.length === 0 && changedSettings.length === 0) return { ...base, action: 'unchanged' };
  await updateConnection(app.db, app.secrets, t.name, { config: t.config, settings: t.pipeline });
  return { ...base, action: 'updated', changed: [...changed, ...changedSettings] };
}

/** Creates the destination, or updates the declared keys that differ; its state (database ids) and records stay. */
export async function applyDestination(
  app: AppContext,
  part: string,
  t: { name: string; kind: DestinationKind; config: Record<string, unknown> },
): Promise<PartChange> {
  const base = { kind: 'destination' as const, part, name: t.name };
  if (!(await exists(() => getDestinationRow(app.db, t.name)))) {
    await createDestination(app.db, app.secrets, { name: t.name, kind: t.kind, config: t.config });
    return { ...base, action: 'created' };
  }
  const current = await loadDestination(app.db, app.secrets, t.name);
  const next = validateDestinationConfig(t.kind, { ...current.settings, ...t.config });
  const changed = Object.keys(t.config).filter((k) => !same(current.settings[k], next[k]));
  if (changed.length === 0) return { ...base, action: 'unchanged' };
  await updateDestination(app.db, app.secrets, t.name, { config: t.config });
  return { ...base, action: 'updated', changed };
}

/**
 * Creates a pack's (or an instance's) schedules or changes their cron / time zone; a schedule someone paused stays
 * paused, and one someone set by hand (`sluice schedule set`, the API) keeps their cron and zone: human decisions win.
 * One read of the current schedules and one statement for those to create and one for those to change, whatever
 * their number (a dealer has 15; adding a thousand dealers is not 60 round trips each). Changes in declaration order.
 */
export async function applySchedules(
  app: AppContext,
  packId: string,
  ts: readonly { part: string; target: string; cron: string; timezone: string; paused: boolean }[],
): Promise<PartChange[]> {
  const source = `pack:${packId}`;
  // Targets as the store spells them (`sync:conn/alias` is kept under its stream's name).
  ts = ts.map((t) => ({ ...t, target: parseScheduleTarget(t.target).target }));
  const current = new Map((await getSchedulesOf(app.db, ts.map((t) => t.target))).map((s) => [s.target, s]));
  const change = new Map<string, PartChange>();
  const writes: SetScheduleInput[] = [];
  for (const t of ts) {
    const c = current.get(t.target);
    if (!c) {
      writes.push({ target: t.target, cron: t.cron, timezone: t.timezone, paused: t.paused, source });
      continue;
    }
    const changed = [c.cron !== t.cron ? 'cron' : '', c.timezone !== t.timezone ? 'timezone' : ''].filter(Boolean);
    if (changed.length === 0 || (c.source !== null && c.source !== source)) {
      change.set(t.target, { kind: 'schedule', part: t.part, name: c.target, action: 'unchanged' });
      continue;
    }
    writes.push({ target: t.target, cron: t.cron, timezone: t.timezone, paused: c.paused, source });
    change.set(t.target, { kind: 'schedule', part: t.part, name: c.target, action: 'updated', changed });
  }
  for (const s of await setSchedules(app.db, writes)) {
    const t = ts.find((x) => x.target === s.target);
    if (t && !change.has(t.target)) change.set(t.target, { kind: 'schedule', part: t.part, name: s.target, action: 'created' });
  }
  return ts.flatMap((t) => change.get(t.target) ?? []);
}

/** Removes a part the pack created (uninstall, or a part a newer declaration dropped); records are never touched. */
export async function removePart(app: AppContext, kind: ResourceKind, name: string): Promise<boolean> {
  const gone = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      return true;
    } catch (err) {
      if (toSluiceError(err).code === 'not_found') return false;
      throw err;
    }
  };
  switch (kind) {
    case 'connection':
      return gone(() => removeConnection(app.db, name));
    case 'destination':
      return gone(() => removeDestination(app.db, name));
    case 'schedule':
      return gone(() => removeSchedule(app.db, name));
    default:
      return false;
  }
}
