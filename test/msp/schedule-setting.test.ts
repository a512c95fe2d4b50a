import { describe, expect, it } from 'vitest';
import { mspDashboardsPack } from '../../src/packs/msp-dashboards/pack.js';
import { parseSettingValues, shortestCronGapMinutes } from '../../src/packs/pack-settings.js';
import type { PackSetting } from '../../src/packs/pack-spec.js';

describe('msp-dashboards schedule: every 15 minutes, configurable down to 5', () => {
  const cron = (mspDashboardsPack.settings as Record<string, Record<string, PackSetting>>).schedule!.cron!;
  const declared = new Map([['schedule.cron', cron]]);
  it('measures the shortest gap between runs', () => {
    expect(shortestCronGapMinutes('*/15 * * * *')).toBe(15);
    expect(shortestCronGapMinutes('*/5 * * * *')).toBe(5);
    expect(shortestCronGapMinutes('0,3 * * * *')).toBe(3);
    expect(shortestCronGapMinutes('0 6 * * *')).toBe(1440);
  });
  it('accepts 15 and 5 minutes, refuses anything more often with validation_failed', () => {
    expect(cron.default).toBe('*/15 * * * *');
    expect(parseSettingValues(declared, { 'schedule.cron': '*/5 * * * *' }, 'msp-dashboards')).toEqual({ 'schedule.cron': '*/5 * * * *' });
    for (const bad of ['* * * * *', '*/2 * * * *', '0,3,30 * * * *']) {
      expect(() => parseSettingValues(declared, { 'schedule.cron': bad }, 'msp-dashboards')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    }
  });
});
