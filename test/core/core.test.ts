import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/core/content-hash.js';
import { diffRecords } from '../../src/core/diff-records.js';
import { normaliseDate } from '../../src/core/normalise-date.js';
import { normaliseEmail, splitEmails } from '../../src/core/normalise-email.js';
import { normalisePhone, splitPhones } from '../../src/core/normalise-phone.js';
import { recordKey, validateRecord } from '../../src/core/validate-record.js';
import { loadConfig } from '../../src/config/load-config.js';

const opts = { defaultPhoneRegion: 'US', timeZone: 'UTC' };

describe('content hash', () => {
  it('ignores key order and undefined, but not values', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [1, { y: 1, x: 2 }] }, u: undefined })).toBe('{"a":{"c":[1,{"x":2,"y":1}],"d":2},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});

describe('field-level diff', () => {
  it('reports nested added, removed and changed paths, and array items', () => {
    const d = diffRecords(
      { name: 'A', addr: { city: 'X', zip: '1' }, tags: ['a', 'b'], gone: 1, n: null },
      { name: 'B', addr: { city: 'X', street: 'S' }, tags: ['a', 'c', 'd'], n: 5 },
    );
    expect(d).toEqual({
      name: { op: 'changed', old: 'A', new: 'B' },
      'addr.zip': { op: 'removed', old: '1', new: null },
      'addr.street': { op: 'added', old: null, new: 'S' },
      'tags[1]': { op: 'changed', old: 'b', new: 'c' },
      'tags[2]': { op: 'added', old: null, new: 'd' },
      gone: { op: 'removed', old: 1, new: null },
      n: { op: 'added', old: null, new: 5 },
    });
    expect(diffRecords({ a: [{ x: 1 }] }, { a: [{ x: 1 }] })).toEqual({});
    expect(diffRecords({ a: { x: 1 } }, { a: 'flat' })).toEqual({ a: { op: 'changed', old: { x: 1 }, new: 'flat' } });
  });
});

describe('normalisers', () => {
  it('refuse a JSON object whose String() throws as invalid instead of crashing (found by fast-check in CI)', () => {
    const odd = JSON.parse('{"toString": ""}') as unknown;
    expect(normalisePhone(odd, 'US')).toEqual({ invalid: '{"toString":""}' });
    expect(normaliseEmail(odd)).toEqual({ invalid: '{"toString":""}' });
    expect(normaliseDate(odd, { kind: 'date' })).toEqual({ invalid: '{"toString":""}' });
  });

  it('emails: trim, lower-case, mailto:, split lists, reject junk', () => {
    expect(normaliseEmail(' MAILTO:Sales@Example.COM ')).toBe('sales@example.com');
    expect(normaliseEmail('')).toBeNull();
    expect(normaliseEmail('https://example.com/contact')).toEqual({ invalid: 'https://example.com/contact' });
    expect(splitEmails('a@x.com; B@x.com / a@x.com, bad')).toEqual({ emails: ['a@x.com', 'b@x.com'], invalid: ['bad'] });
  });
  it('phones: E.164 with extension kept as identity, default region', () => {
    expect(normalisePhone('Phone: 800-555-0199 ext. 12', 'US')).toBe('+18005550199;ext=12');
    expect(normalisePhone('020 7946 0958', 'GB')).toBe('+442079460958');
    expect(normalisePhone('n/a', 'US')).toBeNull(); // a placeholder is empty, not a bad value
    expect(normalisePhone('call me', 'US')).toEqual({ invalid: 'call me' });
    expect(splitPhones('555-123-4567 / 555-123-4567 x2; 555-123-4567', 'US').phones).toEqual(['+15551234567', '+15551234567;ext=2']);
  });
  it('dates: ISO, epoch seconds with decimals, DD/MM/YYYY in a time zone, impossible dates rejected', () => {
    expect(normaliseDate('2024-02-29', { kind: 'date' })).toBe('2024-02-29');
    expect(normaliseDate('2023-02-29', { kind: 'date' })).toEqual({ invalid: '2023-02-29' });
    // A far-off year is written in six digits with a sign and is kept whole (found by the fast-check property).
    expect(normaliseDate(new Date('-271821-04-30T23:59:59.999Z'), { kind: 'date' })).toBe('-271821-04-30');
    expect(normaliseDate(1_700_000_000.5, { kind: 'datetime' })).toBe('2023-11-14T22:13:20.500Z');
    expect(normaliseDate('01/01/2026 00:30:00', { kind: 'datetime', format: 'DD/MM/YYYY HH:mm:ss', timeZone: 'Asia/Jakarta' })).toBe('2025-12-31T17:30:00.000Z');
    expect(normaliseDate('31/12/2025', { kind: 'date', format: 'DD/MM/YYYY' })).toBe('2025-12-31');
  });
});

describe('validateRecord', () => {
  const schema = {
    fields: [
      { name: 'id', type: 'integer' as const, required: true },
      { name: 'email', type: 'email' as const },
      { name: 'kind', type: 'string' as const, enum: ['a', 'b'] },
      { name: 'ok', type: 'boolean' as const },
      { name: 'Full', type: 'string' as const, from: 'Full Name' },
    ],
  };
  it('coerces, normalises, maps headers and drops undeclared fields', () => {
    const r = validateRecord(schema, { id: ' 7 ', email: 'X@Y.io', kind: 'a', ok: 'yes', 'Full Name': ' Ann ', extra: 1 }, opts);
    expect(r).toEqual({ ok: true, data: { id: 7, email: 'x@y.io', kind: 'a', ok: true, Full: 'Ann' } });
  });
  it('lists every problem at once', () => {
    const r = validateRecord(schema, { id: '', email: 'nope', kind: 'c', ok: 'maybe' }, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reasons).toHaveLength(4);
  });
  it('builds composite keys and refuses missing parts', () => {
    expect(recordKey({ a: 'x', b: 2 }, ['a', 'b'])).toBe('x|2');
    expect(recordKey({ a: 'x', b: '' }, ['a', 'b'])).toBeNull();
  });
});

describe('config', () => {
  it('lists every problem at once', () => {
    expect(() => loadConfig({ SLUICE_PORT: 'abc', SLUICE_DATABASE_URL: 'mysql://x', SLUICE_LOG_LEVEL: 'loud' })).toThrow(
      /SLUICE_DATABASE_URL[\s\S]*SLUICE_LOG_LEVEL[\s\S]*SLUICE_PORT|SLUICE_PORT[\s\S]*SLUICE_DATABASE_URL/,
    );
    try {
      loadConfig({ SLUICE_PORT: 'abc', SLUICE_DATABASE_URL: 'mysql://x', SLUICE_LOG_LEVEL: 'loud' });
    } catch (e) {
      expect((e as { details: { problems: string[] } }).details.problems).toHaveLength(3);
    }
  });
  it('is frozen', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.server)).toBe(true);
  });
});
