import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { staggerSchedules, type StaggerItem } from '../../src/jobs/stagger-schedules.js';

const JOBS = ['prospect', 'spk', 'pkb', 'inv2_read', 'leasing'];
const items = (dealers: string[], group: (d: string) => string): StaggerItem[] =>
  dealers.flatMap((d) => JOBS.map((j) => ({ key: `${d}/${j}`, group: group(d) })));

/** Fire times of a cron over one day from a fixed instant. */
function firesOver(cron: string, tz: string, from: Date, minutes: number): number[] {
  const it = CronExpressionParser.parse(cron, { tz, currentDate: new Date(from.getTime() - 1) });
  const out: number[] = [];
  for (;;) {
    const t = it.next().toDate().getTime();
    if (t >= from.getTime() + minutes * 60_000) return out;
    out.push(t);
  }
}

describe('staggerSchedules', () => {
  const from = new Date('2026-12-01T00:00:00Z');

  it('hourly: items sharing a key never fire in the same minute, and each fires once an hour', () => {
    const dealers = ['12284', '29437', '07321', '11111'];
    const s = staggerSchedules(items(dealers, () => 'key-1'), { everyMinutes: 60 });
    expect(s).toHaveLength(20);
    const minutes = new Map<number, string[]>();
    for (const x of s) {
      expect(x.timezone).toBe('Asia/Jakarta');
      const fires = firesOver(x.cron, x.timezone, from, 180);
      expect(fires).toHaveLength(3);
      for (const f of fires) minutes.set(f, [...(minutes.get(f) ?? []), x.key]);
    }
    for (const keys of minutes.values()) expect(keys).toHaveLength(1);
    // spread evenly: 20 items over 60 minutes → 3 minutes apart
    expect(s.map((x) => x.offsetMinutes).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i * 3));
  });

  it('separate credentials are shifted against each other; the result does not depend on input order', () => {
    const group = (d: string) => (d < '20000' ? 'group-a' : 'group-b');
    const list = items(['12284', '29437', '11111', '29999'], group);
    const s = staggerSchedules(list, { everyMinutes: 30, timezone: 'Asia/Makassar' });
    const again = staggerSchedules([...list].reverse(), { everyMinutes: 30, timezone: 'Asia/Makassar' });
    expect(again).toEqual(expect.arrayContaining(s));
    const a = s.filter((x) => x.group === 'group-a').map((x) => x.offsetMinutes);
    const b = s.filter((x) => x.group === 'group-b').map((x) => x.offsetMinutes);
    expect(new Set(a).size).toBe(10);
    expect(new Set(b).size).toBe(10);
    expect(a.filter((m) => b.includes(m))).toEqual([]); // shifted by a fraction of the 3-minute gap
    for (const x of s) expect(firesOver(x.cron, x.timezone, from, 60)).toHaveLength(2);
    expect(s.find((x) => x.key === '12284/prospect')!.cron).toMatch(/^\d+,\d+ \* \* \* \*$/);
  });

  it('daily and every few hours, from a start hour in Jakarta time', () => {
    const daily = staggerSchedules(items(['12284', '29437'], () => 'k'), { everyMinutes: 1440, startHour: 2 });
    for (const x of daily) {
      const fires = firesOver(x.cron, x.timezone, from, 1440);
      expect(fires).toHaveLength(1);
      const wibHour = (new Date(fires[0]!).getUTCHours() + 7) % 24;
      expect(wibHour).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(daily.map((x) => x.offsetMinutes)).size).toBe(10);
    const sixHourly = staggerSchedules(items(['12284'], () => 'k'), { everyMinutes: 360 });
    for (const x of sixHourly) expect(firesOver(x.cron, x.timezone, from, 1440)).toHaveLength(4);
  });

  it('more items than minutes: spread as evenly as the minutes allow', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ key: `d${String(i).padStart(4, '0')}`, group: 'one-key' }));
    const s = staggerSchedules(many, { everyMinutes: 60 });
    const perMinute = new Map<number, number>();
    for (const x of s) perMinute.set(x.offsetMinutes, (perMinute.get(x.offsetMinutes) ?? 0) + 1);
    expect(perMinute.size).toBe(60);
    expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(3);
  });

  it('refuses periods that do not tile an hour or a day, bad zones and duplicate items', () => {
    expect(() => staggerSchedules([], { everyMinutes: 45 })).toThrow(/must divide an hour/);
    expect(() => staggerSchedules([], { everyMinutes: 300 })).toThrow(/must divide an hour/);
    expect(() => staggerSchedules([{ key: 'a', group: 'g' }], { everyMinutes: 60, timezone: 'Mars/Olympus' })).toThrow(/unknown time zone/);
    expect(() => staggerSchedules([{ key: 'a', group: 'g' }, { key: 'a', group: 'h' }], { everyMinutes: 60 })).toThrow(/appears twice/);
  });
});
