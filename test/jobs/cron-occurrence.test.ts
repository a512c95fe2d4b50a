import { describe, expect, it } from 'vitest';
import { assertCron, latestOccurrence, nextOccurrence } from '../../src/jobs/cron-occurrence.js';
import { parseScheduleTarget } from '../../src/jobs/schedule-target.js';
import { singletonKeyOf } from '../../src/jobs/job-kinds.js';
import { tickJobId } from '../../src/jobs/scheduler.js';

describe('cron occurrences', () => {
  it('reads the cron in the schedule time zone (06:00 site time), across a DST change', () => {
    const nowSummer = new Date('2026-07-01T12:00:00Z');
    expect(nextOccurrence('0 6 * * *', 'Europe/Paris', nowSummer).toISOString()).toBe('2026-07-02T04:00:00.000Z');
    const nowWinter = new Date('2026-12-01T12:00:00Z');
    expect(nextOccurrence('0 6 * * *', 'Europe/Paris', nowWinter).toISOString()).toBe('2026-12-02T05:00:00.000Z');
    expect(nextOccurrence('0 6 * * *', 'America/New_York', nowWinter).toISOString()).toBe('2026-12-02T11:00:00.000Z');
    expect(nextOccurrence('0 6 * * *', 'UTC', nowWinter).toISOString()).toBe('2026-12-02T06:00:00.000Z');
  });

  it('the latest occurrence includes now and only the most recent of several missed ones', () => {
    const at = new Date('2026-11-23T10:05:00Z');
    expect(latestOccurrence('*/5 * * * *', 'UTC', at).toISOString()).toBe('2026-11-23T10:05:00.000Z');
    // down from 10:00 to 10:07:30 with a tick every minute: only 10:07 fires
    expect(latestOccurrence('* * * * *', 'UTC', new Date('2026-11-23T10:07:30Z')).toISOString()).toBe('2026-11-23T10:07:00.000Z');
  });

  it('supports second-level crons', () => {
    const at = new Date('2026-11-23T10:00:03.500Z');
    expect(latestOccurrence('*/2 * * * * *', 'UTC', at).toISOString()).toBe('2026-11-23T10:00:02.000Z');
    expect(nextOccurrence('*/2 * * * * *', 'UTC', at).toISOString()).toBe('2026-11-23T10:00:04.000Z');
  });

  it('rejects bad expressions and unknown zones with a validation error', () => {
    expect(() => assertCron('not a cron', 'UTC')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => assertCron('0 6 * * *', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => assertCron('0 6 * * *', 'Asia/Tokyo')).not.toThrow();
  });
});

describe('schedule targets', () => {
  it('parses every kind into a job payload', () => {
    expect(parseScheduleTarget('sync:dgi-dealer-12')).toEqual({
      target: 'sync:dgi-dealer-12', kind: 'sync', payload: { connection: 'dgi-dealer-12', trigger: 'schedule' },
    });
    expect(parseScheduleTarget('sync:dgi-dealer-12/invoices,parts').payload).toEqual({
      connection: 'dgi-dealer-12', streams: ['invoices', 'parts'], trigger: 'schedule',
    });
    expect(parseScheduleTarget('push:notion-companies').payload).toEqual({ destination: 'notion-companies', trigger: 'schedule' });
    expect(parseScheduleTarget('resolve:company').payload).toEqual({ entityType: 'company', trigger: 'schedule' });
    expect(parseScheduleTarget('model:*').payload).toEqual({ trigger: 'schedule' });
  });

  it('rejects unknown kinds and malformed targets', () => {
    expect(() => parseScheduleTarget('health:site')).toThrow(/unknown kind/);
    expect(() => parseScheduleTarget('dealer-12')).toThrow(/expected <kind>:<name>/);
  });

  it('singleton keys: per connection for syncs, safe characters only', () => {
    expect(singletonKeyOf('sync', { connection: 'a', streams: ['x'] })).toBe(singletonKeyOf('sync', { connection: 'a' }));
    expect(singletonKeyOf('push', { destination: 'n' })).toBe('push/n');
    expect(singletonKeyOf('sync', { connection: 'Dealer #12 (Lyon)' })).toMatch(/^sync\/h-[0-9a-f]{32}$/);
  });

  it('tick job ids are stable per (schedule, tick) and valid uuids', () => {
    const s = '7d1f6f0e-8f3c-4a55-9a0e-0c2f2b8f1a11';
    const t = new Date('2026-11-23T06:00:00Z');
    expect(tickJobId(s, t)).toBe(tickJobId(s, new Date(t)));
    expect(tickJobId(s, t)).not.toBe(tickJobId(s, new Date('2026-11-24T06:00:00Z')));
    expect(tickJobId(s, t)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
