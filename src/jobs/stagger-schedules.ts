import { SluiceError } from '../core/errors.js';
import { assertCron } from './cron-occurrence.js';

/** One thing to schedule: e.g. a DGI dealer × job type, grouped by the credential it shares. */
export interface StaggerItem {
  readonly key: string;
  /** Items with the same group (one API key) must not fire together. */
  readonly group: string;
}

export interface StaggerOptions {
  /** Minutes between two runs of each item: a divisor of 60, or a whole number of hours dividing 24. */
  readonly everyMinutes: number;
  /** IANA zone of the cron expressions (default Asia/Jakarta). */
  readonly timezone?: string;
  /** For periods of a day: the hour the first slot starts (default 0). */
  readonly startHour?: number;
}

export interface StaggeredSchedule {
  readonly key: string;
  readonly group: string;
  readonly cron: string;
  readonly timezone: string;
  /** Minutes after the start of each period. */
  readonly offsetMinutes: number;
}

const DAY = 1440;

/** Cron for "every `period` minutes, `offset` minutes into each period". */
function cronFor(period: number, offset: number, startHour: number): string {
  if (period < 60) {
    const minutes: number[] = [];
    for (let m = offset % period; m < 60; m += period) minutes.push(m);
    return `${minutes.join(',')} * * * *`;
  }
  const hours = period / 60;
  const minute = offset % 60;
  const firstHour = (startHour + Math.floor(offset / 60)) % 24;
  if (hours === 1) return `${minute} * * * *`;
  if (hours === 24) return `${minute} ${firstHour} * * *`;
  return `${minute} ${firstHour % hours}-23/${hours} * * *`;
}

/**
 * Spreads items over their period so that items sharing a group never start in the same minute while the group has
 * no more items than the period has minutes (beyond that, as evenly as the minutes allow). Groups are shifted against
 * each other too, so the workers see a steady trickle rather than one burst per period. Pure and deterministic: the
 * same items give the same schedules, whatever their order.
 */
export function staggerSchedules(items: readonly StaggerItem[], opts: StaggerOptions): StaggeredSchedule[] {
  const period = opts.everyMinutes;
  const timezone = opts.timezone ?? 'Asia/Jakarta';
  const startHour = opts.startHour ?? 0;
  const validPeriod = Number.isInteger(period) && period > 0 && (period <= 60 ? 60 % period === 0 : period % 60 === 0 && DAY % period === 0);
  if (!validPeriod) {
    throw new SluiceError('validation_failed', `everyMinutes ${period} must divide an hour (5, 10, 15, 20, 30, 60) or be whole hours dividing a day (120, 180, 240, 360, 480, 720, 1440)`);
  }
  if (!Number.isInteger(startHour) || startHour < 0 || startHour > 23) throw new SluiceError('validation_failed', 'startHour must be 0–23');
  const seen = new Set<string>();
  for (const { key } of items) {
    if (seen.has(key)) throw new SluiceError('validation_failed', `item "${key}" appears twice`);
    seen.add(key);
  }

  const groups = new Map<string, StaggerItem[]>();
  for (const it of [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const g = groups.get(it.group);
    if (g) g.push(it);
    else groups.set(it.group, [it]);
  }
  const groupNames = [...groups.keys()].sort();
  const out: StaggeredSchedule[] = [];
  const checked = new Set<string>();
  groupNames.forEach((name, gi) => {
    const members = groups.get(name)!;
    const gap = period / members.length;
    // Each group starts a fraction of its own gap later than the previous one; a group with more items than minutes
    // (gap < 1) is shifted by a fraction of a minute, so the minutes that take one item more differ between groups.
    const shift = Math.floor((gi / groupNames.length) * Math.max(1, gap));
    const fraction = gap < 1 ? gi / groupNames.length : 0;
    members.forEach((it, i) => {
      const offset = (Math.floor(i * gap + fraction) + shift) % period;
      const cron = cronFor(period, offset, startHour);
      if (!checked.has(cron)) assertCron(cron, timezone); // the scheduler's own parser must accept what we hand it
      checked.add(cron);
      out.push({ key: it.key, group: it.group, cron, timezone, offsetMinutes: offset });
    });
  });
  return out;
}
