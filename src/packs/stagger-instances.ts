import { createHash } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import { staggerSchedules, type StaggerItem } from '../jobs/stagger-schedules.js';
import type { SettingValue } from './pack-settings.js';
import type { InstanceTemplate } from './pack-spec.js';
import { renderTemplate } from './render-template.js';

/** The placeholder a schedule template of a staggered instance template uses as its cron. */
export const STAGGER_CRON = 'stagger.cron';

/** Cron by instance and schedule part (see `staggerKey`). */
export type StaggerPlan = ReadonlyMap<string, string>;

export const staggerKey = (instance: string, scheduleId: string): string => `${instance}\u0000${scheduleId}`;

export interface StaggerInstance {
  readonly name: string;
  /** The instance's placeholders (its own settings over the pack's). */
  readonly lookup: (name: string) => SettingValue | undefined;
}

const isStaggered = (cron: string) => /^\{\{\s*stagger\.cron\s*\}\}$/.test(cron);

/**
 * Per-instance crons for the schedules of a template declaring `stagger` (pure): every instance × staggered schedule
 * is one item of `staggerSchedules`, grouped by the instance's rendered `group` (e.g. one API key at one host, hashed:
 * a secret never leaves this function). Items are ordered schedule-first, so one instance's schedules land a whole
 * share of the period apart and the instances of one group fill the gaps between them. Instances whose period
 * differs (an override) are planned apart.
 */
export function planStagger(t: InstanceTemplate, instances: readonly StaggerInstance[]): StaggerPlan {
  const plan = new Map<string, string>();
  if (!t.stagger) return plan;
  const scheduleIds = t.schedules.filter((s) => isStaggered(s.cron)).map((s) => s.id);
  if (scheduleIds.length === 0) return plan;
  const byPeriod = new Map<number, { item: StaggerItem; instance: string; schedule: string }[]>();
  for (const inst of instances) {
    const r = renderTemplate({ every: t.stagger.every_minutes, group: t.stagger.group }, inst.lookup);
    const every = Number(r.value.every);
    if (!Number.isInteger(every) || every <= 0) {
      throw new SluiceError('validation_failed', `stagger of "${inst.name}": every_minutes "${String(r.value.every)}" is not a whole number of minutes`);
    }
    const group = createHash('sha256').update(String(r.value.group)).digest('hex').slice(0, 16);
    const items = byPeriod.get(every) ?? [];
    scheduleIds.forEach((schedule, i) => {
      items.push({ item: { key: `${String(i).padStart(4, '0')}/${inst.name}`, group }, instance: inst.name, schedule });
    });
    byPeriod.set(every, items);
  }
  for (const [every, items] of byPeriod) {
    const out = staggerSchedules(items.map((x) => x.item), { everyMinutes: every });
    const byKey = new Map(out.map((s) => [s.key, s.cron]));
    for (const x of items) plan.set(staggerKey(x.instance, x.schedule), byKey.get(x.item.key) as string);
  }
  return plan;
}

/** Instances whose staggered crons differ between two plans (they need their schedules applied again). */
export function restaggered(before: StaggerPlan, after: StaggerPlan): Set<string> {
  const out = new Set<string>();
  for (const [key, cron] of after) {
    if (before.get(key) !== cron) out.add(key.split('\u0000')[0] as string);
  }
  return out;
}
