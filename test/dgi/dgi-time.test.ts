import { describe, expect, it } from 'vitest';
import { formatRequestTime, isValidTimeZone, parseDgiDate, parseDgiDateTime, parseDgiDecimal } from '../../src/connectors/dgi/dgi-time.js';
import { dgiAuthHeaders, dgiToken } from '../../src/connectors/dgi/dgi-token.js';

describe('DGI date parsing', () => {
  it('reads DD/MM/YYYY as a calendar date', () => {
    expect(parseDgiDate('31/12/2019')).toEqual({ ok: true, value: '2019-12-31' });
    expect(parseDgiDate('2/1/2026')).toEqual({ ok: true, value: '2026-01-02' });
    expect(parseDgiDate('29/02/2024')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseDgiDate('31/12/2018 09:39:59')).toEqual({ ok: true, value: '2018-12-31' });
    expect(parseDgiDate('')).toEqual({ ok: true, value: null });
    expect(parseDgiDate(null)).toEqual({ ok: true, value: null });
  });

  it('refuses impossible or foreign formats with a reason', () => {
    expect(parseDgiDate('29/02/2025')).toMatchObject({ ok: false, reason: expect.stringMatching(/real calendar date/) });
    expect(parseDgiDate('2019-12-31')).toMatchObject({ ok: false });
    expect(parseDgiDate('12/31/2019')).toMatchObject({ ok: false });
    expect(parseDgiDate(20191231)).toMatchObject({ ok: false });
  });

  it('reads DD/MM/YYYY HH:MM:SS in the dealer’s zone and writes ISO 8601 UTC', () => {
    expect(parseDgiDateTime('31/12/2019 15:40:30', 'Asia/Jakarta')).toEqual({ ok: true, value: '2019-12-31T08:40:30.000Z' });
    // Year boundary: early on 1 January in WIB is still 31 December in UTC.
    expect(parseDgiDateTime('01/01/2020 03:00:00', 'Asia/Jakarta')).toEqual({ ok: true, value: '2019-12-31T20:00:00.000Z' });
    // Month boundary in WIT (UTC+9).
    expect(parseDgiDateTime('01/03/2026 08:15:00', 'Asia/Jayapura')).toEqual({ ok: true, value: '2026-02-28T23:15:00.000Z' });
    expect(parseDgiDateTime('31/12/2018', 'Asia/Jakarta')).toEqual({ ok: true, value: '2018-12-30T17:00:00.000Z' });
    expect(parseDgiDateTime('31/12/2018 09:39', 'Asia/Makassar')).toEqual({ ok: true, value: '2018-12-31T01:39:00.000Z' });
    expect(parseDgiDateTime(' ', 'Asia/Jakarta')).toEqual({ ok: true, value: null });
  });

  it('follows daylight saving where the zone has it', () => {
    expect(parseDgiDateTime('01/07/2026 12:00:00', 'Europe/Amsterdam')).toEqual({ ok: true, value: '2026-07-01T10:00:00.000Z' });
    expect(parseDgiDateTime('01/12/2026 12:00:00', 'Europe/Amsterdam')).toEqual({ ok: true, value: '2026-12-01T11:00:00.000Z' });
  });

  it('refuses impossible times', () => {
    expect(parseDgiDateTime('31/12/2019 24:00:00', 'Asia/Jakarta')).toMatchObject({ ok: false });
    expect(parseDgiDateTime('31/11/2019 10:00:00', 'Asia/Jakarta')).toMatchObject({ ok: false });
    expect(parseDgiDateTime('2019-12-31 10:00:00', 'Asia/Jakarta')).toMatchObject({ ok: false });
  });

  it('formats request times in the dealer’s zone', () => {
    expect(formatRequestTime(new Date('2026-12-31T17:00:00Z'), 'Asia/Jakarta')).toBe('2027-01-01 00:00:00');
    expect(formatRequestTime(new Date('2026-11-23T05:06:07Z'), 'UTC')).toBe('2026-11-23 05:06:07');
    expect(isValidTimeZone('Asia/Jakarta')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads decimals with a comma', () => {
    expect(parseDgiDecimal('20,5')).toEqual({ ok: true, value: 20.5 });
    expect(parseDgiDecimal('0,0')).toEqual({ ok: true, value: 0 });
    expect(parseDgiDecimal(15000000.5)).toEqual({ ok: true, value: 15000000.5 });
    expect(parseDgiDecimal('18000000')).toEqual({ ok: true, value: 18000000 });
    expect(parseDgiDecimal('')).toEqual({ ok: true, value: null });
    expect(parseDgiDecimal('abc')).toMatchObject({ ok: false });
  });
});

describe('DGI token', () => {
  it('matches the spec’s own example (sha256Hex of key + secret + unix time)', () => {
    expect(dgiToken('dgi-key-live:h3oiu8b54que', 'dgi-secret-live:dTvCnLh58A', 1567645682)).toBe(
      '67b89654150621abb8f9fbb13c296ca0b368d86f76966698f22e59786b134c9a',
    );
  });

  it('builds the three headers from the injected clock, in whole seconds', () => {
    const h = dgiAuthHeaders('k', 's', new Date(1_567_645_682_999));
    expect(h).toEqual({ 'X-Request-Time': '1567645682', 'DGI-API-Key': 'k', 'DGI-API-Token': dgiToken('k', 's', 1567645682) });
  });
});
