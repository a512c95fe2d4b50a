import { declareStreamIndex } from '../store/stream-indexes.js';
import { declareStreamRollup } from '../store/stream-rollups.js';
import { randomBytes } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { applyConnection, applyDestination, applySchedules, removePart, type PartChange } from './apply-pack-parts.js';
import { registerPackExtensions } from './pack-extensions.js';
import { getPack } from './pack-registry.js';
import { effectiveSettings, flattenSettings, parseSettingValues, type SettingValue, type SettingValues } from './pack-settings.js';
import type { ConnectionTemplate, DestinationTemplate, InstanceTemplate, PackSetting, PackSpec, ScheduleTemplate } from './pack-spec.js';
import { fillFromSandbox, type SandboxSource } from './pack-sandbox.js';
import {
  forgetResource, getPackRow, listInstances, type PackInstanceRow, listResources, recordResource, recordResources, saveInstance, savePackRow, sealSettings, storedSettings,
  type PackInstallStatus,
} from './pack-state.js';
import { renderTemplate } from './render-template.js';
import { planStagger, restaggered, STAGGER_CRON, staggerKey, type StaggerPlan } from './stagger-instances.js';

export interface InstallOptions {
  /** `--set <part>.<setting>=value` pairs (strings from the CLI, JSON values from the API). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Fill every base URL and credential from the simulators (`--sandbox URL`). */
  readonly sandbox?: SandboxSource;
}

export interface InstallResult {
  readonly pack: string;
  readonly version: string;
  readonly status: PackInstallStatus;
  /** `<part>.<setting>` keys still needed before the waiting parts can be created. */
  readonly missing: readonly string[];
  /** One line per part: created, updated (with the changed keys), unchanged, waiting (for settings), skipped, removed. */
  readonly changes: readonly PartChange[];
}

interface Parts {
  readonly connections: readonly ConnectionTemplate[];
  readonly destinations: readonly DestinationTemplate[];
  readonly schedules: readonly ScheduleTemplate[];
}

/** The name a part's object gets: its template's `name`, else `<pack>-<part>` (instances: `<pack>-<instance>-<part>`). */
export function partName(spec: PackSpec, t: { id: string; name?: string | undefined }, lookup: (n: string) => SettingValue | undefined, instance?: string): string {
  if (t.name) return String(renderTemplate(t.name, lookup).value);
  return instance ? `${spec.id}-${instance}-${t.id}` : `${spec.id}-${t.id}`;
}

/**
 * Creates or upgrades every part of a pack or of one instance: a part whose placeholders can all be filled is created
 * (or updated where the declaration or a setting changed), one that still needs settings waits (optional ones are
 * skipped). Returns the changes and the settings the non-optional parts still need.
 */
async function applyParts(
  app: AppContext,
  spec: PackSpec,
  parts: Parts,
  declared: ReadonlyMap<string, PackSetting>,
  values: SettingValues,
  instance?: { template: string; name: string },
  /** `stagger`: the template's per-instance crons; `schedulesOnly`: re-apply the schedules alone (a re-spread). */
  opts: { stagger?: StaggerPlan; schedulesOnly?: boolean } = {},
): Promise<{ changes: PartChange[]; missing: Set<string> }> {
  const instKey = instance ? `${instance.template}/${instance.name}` : '';
  const base = (name: string): SettingValue | undefined => {
    if (name === 'pack') return spec.id;
    if (name === 'instance.name') return instance?.name;
    return values[name];
  };
  const connName = (id: string) => {
    const t = parts.connections.find((c) => c.id === id) ?? spec.connections.find((c) => c.id === id);
    return t ? partName(spec, t, base, parts.connections.includes(t) ? instance?.name : undefined) : undefined;
  };
  const destName = (id: string) => {
    const t = parts.destinations.find((d) => d.id === id) ?? spec.destinations.find((d) => d.id === id);
    return t ? partName(spec, t, base, parts.destinations.includes(t) ? instance?.name : undefined) : undefined;
  };
  const lookup = (name: string): SettingValue | undefined => {
    if (name.startsWith('connection:')) return connName(name.slice(11));
    if (name.startsWith('destination:')) return destName(name.slice(12));
    return base(name);
  };
  // Optional settings without a value are left out of the rendered config; required ones block a part. An optional
  // part (a digest webhook) is created only once every setting it names has a value.
  const blocking = (missing: readonly string[], optional = false) =>
    missing.filter((m) => optional || !declared.has(m) || declared.get(m)?.required === true);
  const changes: PartChange[] = [];
  const missing = new Set<string>();
  const record = async (c: PartChange) => {
    changes.push(c);
    if (c.action === 'created' || c.action === 'updated' || c.action === 'unchanged') {
      await recordResource(app.db, spec.id, { instance: instKey, kind: c.kind, part: c.part, name: c.name });
    }
  };
  const wait = (kind: PartChange['kind'], part: string, name: string, optional: boolean, need: readonly string[]): PartChange => {
    if (!optional) for (const m of need) missing.add(m);
    return { kind, part, name, action: optional ? 'skipped' : 'waiting', missing: need };
  };

  for (const t of opts.schedulesOnly ? [] : parts.connections) {
    const name = connName(t.id) as string;
    const r = renderTemplate({ config: t.config, pipeline: t.pipeline }, lookup);
    const need = blocking(r.missing, t.optional);
    if (need.length) {
      changes.push(wait('connection', t.id, name, t.optional, need));
      continue;
    }
    await record(await applyConnection(app, t.id, { name, connector: t.connector, config: r.value.config, pipeline: r.value.pipeline }));
  }
  for (const t of opts.schedulesOnly ? [] : parts.destinations) {
    const name = destName(t.id) as string;
    const r = renderTemplate(t.config, lookup);
    const need = blocking(r.missing, t.optional);
    if (need.length) {
      changes.push(wait('destination', t.id, name, t.optional, need));
      continue;
    }
    await record(await applyDestination(app, t.id, { name, kind: t.kind, config: r.value }));
  }
  const ready: { part: string; target: string; cron: string; timezone: string; paused: boolean }[] = [];
  for (const t of parts.schedules) {
    const slot = opts.stagger?.get(staggerKey(instance?.name ?? '', t.id));
    const scheduleLookup = (name: string) => (name === STAGGER_CRON ? slot : lookup(name));
    const r = renderTemplate({ target: t.target, cron: t.cron, timezone: t.timezone, paused: t.paused }, scheduleLookup);
    const need = blocking(r.missing);
    if (need.length) {
      changes.push(wait('schedule', t.id, String(r.value.target), false, need));
      continue;
    }
    const paused = r.value.paused === true || r.value.paused === 'true';
    ready.push({ part: t.id, target: String(r.value.target), cron: String(r.value.cron), timezone: String(r.value.timezone ?? 'UTC'), paused });
  }
  // The schedules in a few statements (a dealer has 15): adding a thousand dealers is not 60 round trips each.
  const applied = await applySchedules(app, spec.id, ready);
  changes.push(...applied);
  await recordResources(app.db, spec.id, applied.map((c) => ({ instance: instKey, kind: c.kind, part: c.part, name: c.name })));
  return { changes, missing };
}

function instanceValues(app: AppContext, own: ReadonlyMap<string, PackSetting>, packValues: SettingValues, inst: PackInstanceRow): SettingValues {
  return { ...packValues, ...effectiveSettings(own, storedSettings(app.secrets, inst)).values };
}

/** The staggered crons of one instance template over the given instances (see stagger-instances.ts). */
function planFor(app: AppContext, spec: PackSpec, template: string, t: InstanceTemplate, packValues: SettingValues, instances: readonly PackInstanceRow[]): StaggerPlan {
  if (!t.stagger) return new Map();
  const own = flattenSettings({ [template]: t.settings });
  return planStagger(t, instances.filter((i) => i.template === template).map((i) => {
    const v = instanceValues(app, own, packValues, i);
    return { name: i.name, lookup: (n: string) => (n === 'pack' ? spec.id : n === 'instance.name' ? i.name : v[n]) };
  }));
}

const secretKeysOf = (declared: ReadonlyMap<string, PackSetting>) => [...declared].filter(([, s]) => s.type === 'secret').map(([k]) => k);

/**
 * `sluice pack install <id>`: idempotent. The first install creates every part it can; installing again upgrades —
 * adds what is new, changes what changed, removes parts a newer declaration dropped — and never touches records,
 * their history or people's edits. Settings given once are kept (secret ones encrypted) and reused by later installs.
 */
export async function installPack(app: AppContext, id: string, opts: InstallOptions = {}): Promise<InstallResult> {
  const spec = getPack(id);
  const declared = flattenSettings(spec.settings);
  const given = parseSettingValues(declared, opts.set ?? {}, `pack ${id}`);
  const fromSandbox = opts.sandbox ? fillFromSandbox(declared, opts.sandbox) : {};
  const row = await getPackRow(app.db, id);
  const merged: SettingValues = { ...storedSettings(app.secrets, row), ...fromSandbox, ...given };
  for (const [key, s] of declared) {
    if (s.generate === 'random' && merged[key] === undefined) merged[key] = randomBytes(24).toString('base64url');
  }
  const { values } = effectiveSettings(declared, merged);
  const { plain, sealed } = sealSettings(app.secrets, merged, secretKeysOf(declared), row?.secrets);
  // The row comes first (parts are recorded against it); its status is settled once every part is applied.
  await savePackRow(app.db, { id, version: row?.version ?? spec.version, status: row?.status ?? 'needs_credentials', settings: plain, secrets: sealed, missing: row?.missing ?? [] });

  const { changes, missing } = await applyParts(app, spec, spec, declared, values);
  const instances = await listInstances(app.db, id);
  const plans = new Map(Object.entries(spec.instances).map(([name, t]) => [name, planFor(app, spec, name, t, values, instances)]));
  for (const inst of instances) {
    const template = spec.instances[inst.template];
    if (!template) continue;
    const own = flattenSettings({ [inst.template]: template.settings });
    const instValues = instanceValues(app, own, values, inst);
    const r = await applyParts(app, spec, template, new Map([...declared, ...own]), instValues, { template: inst.template, name: inst.name }, { stagger: plans.get(inst.template) });
    changes.push(...r.changes);
    for (const m of r.missing) missing.add(`${inst.template}/${inst.name}: ${m}`);
  }
  changes.push(...(await registerPackExtensions(app, spec)));
  for (const e of spec.entities) await recordResource(app.db, spec.id, { instance: '', kind: 'entity', part: e.stream, name: e.type });
  // Declared indexes are built now for streams that exist, and after the first sync of the others.
  // A field the stream does not have yet keeps its index pending (shown by `sluice stream indexes`), never failing the install.
  for (const ix of spec.indexes) await declareStreamIndex(app.db, { stream: ix.stream, fields: ix.fields, sort: ix.sort, source: `pack:${spec.id}` }, { checkFields: false });
  for (const r of spec.rollups) await declareStreamRollup(app.db, { ...r, source: `pack:${spec.id}` });

  // Parts a newer declaration no longer has are removed (their records stay).
  const live = new Set(changes.filter((c) => c.action !== 'waiting' && c.action !== 'skipped').map((c) => `${c.kind}\u0000${c.name}`));
  for (const r of await listResources(app.db, id)) {
    if (r.kind !== 'connection' && r.kind !== 'destination' && r.kind !== 'schedule') continue;
    if (live.has(`${r.kind}\u0000${r.name}`)) continue;
    await removePart(app, r.kind, r.name);
    await forgetResource(app.db, id, r.kind, r.name);
    changes.push({ kind: r.kind, part: r.part, name: r.name, action: 'removed' });
  }

  const status: PackInstallStatus = missing.size > 0 ? 'needs_credentials' : 'installed';
  await savePackRow(app.db, { id, version: spec.version, status, settings: plain, secrets: sealed, missing: [...missing].sort() });
  app.logger.info({ pack: id, status, created: changes.filter((c) => c.action === 'created').length }, 'pack installed');
  return { pack: id, version: spec.version, status, missing: [...missing].sort(), changes };
}

/**
 * `sluice pack add <pack> <template> <name> --set …`: adds (or updates) one instance of a repeatable part, e.g. a DGI
 * dealer with its connection and per-job-type schedules. Its settings are `<template>.<setting>`.
 */
export async function addPackInstance(
  app: AppContext,
  packId: string,
  template: string,
  name: string,
  opts: { set?: Readonly<Record<string, unknown>> } = {},
): Promise<InstallResult> {
  const spec = getPack(packId);
  const row = await getPackRow(app.db, packId);
  if (!row) throw new SluiceError('conflict', `pack "${packId}" is not installed: run sluice pack install ${packId} first`);
  const t = spec.instances[template];
  if (!t) throw new SluiceError('not_found', `pack "${packId}" has no instance template "${template}"`, { details: { known: Object.keys(spec.instances) } });
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$/.test(name)) {
    throw new SluiceError('validation_failed', `instance name "${name}" must be 1-41 letters, digits, "_", "." or "-"`);
  }
  const own = flattenSettings({ [template]: t.settings });
  const given = parseSettingValues(own, opts.set ?? {}, `${packId} ${template} "${name}"`);
  const existing = (await listInstances(app.db, packId)).find((i) => i.template === template && i.name === name);
  const merged = { ...storedSettings(app.secrets, existing), ...given };
  const mine = effectiveSettings(own, merged);
  if (mine.missing.length > 0) {
    throw new SluiceError('validation_failed', `${template} "${name}" needs ${mine.missing.join(', ')}`, { details: { problems: mine.missing.map((m) => `${m}: required`) } });
  }
  const declared = flattenSettings(spec.settings);
  const packValues = effectiveSettings(declared, storedSettings(app.secrets, row)).values;
  const { plain, sealed } = sealSettings(app.secrets, merged, secretKeysOf(own), existing?.secrets);
  const before = planFor(app, spec, template, t, packValues, await listInstances(app.db, packId));
  await saveInstance(app.db, packId, { template, name, settings: plain, secrets: sealed });
  const instances = await listInstances(app.db, packId);
  const after = planFor(app, spec, template, t, packValues, instances);
  const allSettings = new Map([...declared, ...own]);
  const r = await applyParts(app, spec, t, allSettings, { ...packValues, ...mine.values }, { template, name }, { stagger: after });
  // The instances whose slot moved get their schedules again (a handful per added instance, not all of them).
  const moved = restaggered(before, after);
  for (const other of instances) {
    if (other.template !== template || other.name === name || !moved.has(other.name)) continue;
    const o = await applyParts(app, spec, t, allSettings, instanceValues(app, own, packValues, other), { template, name: other.name }, { stagger: after, schedulesOnly: true });
    r.changes.push(...o.changes.filter((c) => c.action !== 'unchanged'));
  }
  return { pack: packId, version: spec.version, status: row.status, missing: [...r.missing], changes: r.changes };
}
