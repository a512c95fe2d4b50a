import { describe, expect, it } from 'vitest';
import { formatRequestTime } from '../../src/connectors/dgi/dgi-time.js';
import { DAY_MS } from '../../src/core/day-ms.js';
import { advanceHighWaterMark, planDgiWindows, type DgiWindow } from '../../src/connectors/dgi/dgi-windows.js';

const HOUR = 3_600_000;
const base = { windowMs: 7 * DAY_MS, lookbackMs: 30 * DAY_MS, overlapMs: HOUR, safetyMs: 60_000 };
const jkt = (w: DgiWindow) => [formatRequestTime(w.from, 'Asia/Jakarta'), formatRequestTime(w.to, 'Asia/Jakarta')];

function expectContiguous(ws: readonly DgiWindow[], now: Date, maxMs: number): void {
  expect(ws.at(-1)!.to.getTime()).toBe(now.getTime());
  for (const [i, w] of ws.entries()) {
    expect(w.to.getTime() - w.from.getTime()).toBeLessThanOrEqual(maxMs);
    expect(w.to.getTime()).toBeGreaterThan(w.from.getTime());
    if (i > 0) expect(w.from.getTime()).toBe(ws[i - 1]!.to.getTime());
  }
}

describe('DGI window planning', () => {
  it('a first run covers the last 30 days (less the safety margin) in windows of at most 7 days', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ws = planDgiWindows({ ...base, now });
    expect(ws).toHaveLength(5); // 30 days = 4 × 7 + 2
    expect(ws[0]!.from.toISOString()).toBe('2026-10-24T12:01:00.000Z');
    expect(ws.map((w) => w.to.getTime() - w.from.getTime()).slice(0, 4)).toEqual([7 * DAY_MS, 7 * DAY_MS, 7 * DAY_MS, 7 * DAY_MS]);
    expectContiguous(ws, now, 7 * DAY_MS);
  });

  it('an incremental run starts one overlap before the high-water mark', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ws = planDgiWindows({ ...base, now, since: '2026-11-20T08:30:00.000Z' });
    expect(ws).toHaveLength(1);
    expect(ws[0]!.from.toISOString()).toBe('2026-11-20T07:30:00.000Z');
    expect(ws[0]!.to.toISOString()).toBe('2026-11-23T12:00:00.000Z');
  });

  it('splits a 10-day gap into a 7-day and a 3-day window', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ws = planDgiWindows({ ...base, now, since: '2026-11-13T13:00:00.000Z' });
    expect(ws.map((w) => (w.to.getTime() - w.from.getTime()) / HOUR)).toEqual([7 * 24, 3 * 24]);
    expectContiguous(ws, now, 7 * DAY_MS);
  });

  it('never asks for more than 30 days back, however old the mark (the API refuses h-30)', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ws = planDgiWindows({ ...base, now, since: '2026-09-01T00:00:00.000Z' });
    expect(ws[0]!.from.getTime()).toBe(now.getTime() - 30 * DAY_MS + 60_000);
    expect(planDgiWindows({ ...base, now, since: 'not a date' })[0]!.from).toEqual(ws[0]!.from);
  });

  it('a mark at (or after) now still re-reads the overlap', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const ws = planDgiWindows({ ...base, now, since: '2026-11-23T12:00:00.000Z' });
    expect(ws).toEqual([{ from: new Date(now.getTime() - HOUR), to: now, open: true }]);
    const ahead = planDgiWindows({ ...base, now, since: '2026-11-24T00:00:00.000Z' });
    expect(ahead).toEqual([{ from: new Date(now.getTime() - HOUR), to: now, open: true }]);
  });

  it('formats windows across a month boundary in the dealer’s zone (Feb → Mar, not a leap year)', () => {
    // 2027-03-02 10:00 WIB
    const now = new Date('2027-03-02T03:00:00Z');
    const ws = planDgiWindows({ ...base, now, since: '2027-02-26T17:30:00.000Z' }); // 27/02 00:30 WIB
    expect(ws.map(jkt)).toEqual([['2027-02-26 23:30:00', '2027-03-02 10:00:00']]);
  });

  it('formats windows across a year boundary (WIB is UTC+7: 31 Dec 17:00 UTC is already 1 Jan)', () => {
    const now = new Date('2027-01-03T05:00:00Z'); // 03/01/2027 12:00 WIB
    const ws = planDgiWindows({ ...base, now, since: '2026-12-28T17:00:00.000Z' }); // 29/12/2026 00:00 WIB
    expect(ws.map(jkt)).toEqual([['2026-12-28 23:00:00', '2027-01-03 12:00:00']]);
    const first = planDgiWindows({ ...base, now });
    expect(jkt(first[0]!)).toEqual(['2026-12-04 12:01:00', '2026-12-11 12:01:00']);
    expect(first.map(jkt).flat()).toContain('2027-01-01 12:01:00');
  });

  it('sends only the last window open-ended (no toTime), and keeps it clear of the 7-day limit', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    const first = planDgiWindows({ ...base, now });
    expect(first.map((w) => w.open)).toEqual([false, false, false, false, true]);
    // A gap of exactly 7 days would make a full 7-day open window: a server clock a few seconds ahead would refuse it.
    const exact = planDgiWindows({ ...base, now, since: new Date(now.getTime() - 7 * DAY_MS + HOUR).toISOString() });
    expect(exact.map((w) => [w.to.getTime() - w.from.getTime(), w.open])).toEqual([[7 * DAY_MS - 60_000, false], [60_000, true]]);
    expectContiguous(exact, now, 7 * DAY_MS);
  });

  it('uses one window when the MD allows 30-day ranges', () => {
    const now = new Date('2026-11-23T12:00:00Z');
    expect(planDgiWindows({ ...base, windowMs: 30 * DAY_MS, now })).toHaveLength(1);
  });

  it('rejects nonsense spans', () => {
    expect(() => planDgiWindows({ ...base, windowMs: 0, now: new Date() })).toThrow(RangeError);
  });
});

describe('DGI high-water mark', () => {
  it('keeps the latest createdTime or modifiedTime', () => {
    let mark = advanceHighWaterMark(undefined, { createdTime: '2026-11-20T01:00:00.000Z', modifiedTime: '2026-11-21T01:00:00.000Z' });
    expect(mark).toBe('2026-11-21T01:00:00.000Z');
    mark = advanceHighWaterMark(mark, { createdTime: '2026-11-19T00:00:00.000Z', modifiedTime: null });
    expect(mark).toBe('2026-11-21T01:00:00.000Z');
    mark = advanceHighWaterMark(mark, { createdTime: '2026-11-22T00:00:00.000Z', modifiedTime: 'garbage' });
    expect(mark).toBe('2026-11-22T00:00:00.000Z');
    expect(advanceHighWaterMark(undefined, {})).toBeUndefined();
  });
});
