import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvConfigSchema } from '../../src/connectors/csv/csv-config.js';
import { readHeader } from '../../src/connectors/csv/csv-schema.js';
import { readCsv } from '../../src/connectors/csv/read-csv.js';
import { canonicalJson, contentHash } from '../../src/core/content-hash.js';
import { diffRecords } from '../../src/core/diff-records.js';
import { isSluiceError } from '../../src/core/errors.js';
import { normaliseDate } from '../../src/core/normalise-date.js';
import { normaliseEmail, splitEmails } from '../../src/core/normalise-email.js';
import { normalisePhone, splitPhones } from '../../src/core/normalise-phone.js';
import { isPlaceholder } from '../../src/core/placeholder-value.js';
import { flattenSettings, parseSettingValues } from '../../src/packs/pack-settings.js';
import { loadPacks } from '../../src/packs/pack-registry.js';
import { startHarness, type Harness } from '../api/api-harness.js';
import { FAULT_PROPERTY_RUNS } from './fault-config.js';

/**
 * Property-based tests (fast-check) of everything that takes outside input: no input crashes it, a bad one gets a
 * clear answer (an `invalid` marker, a SluiceError with a stable code, a 4xx with an error code), and the pure parts
 * keep their algebra (a diff is empty exactly when the hashes agree, a hash ignores key order).
 */
const runs = { numRuns: FAULT_PROPERTY_RUNS };
const anyInput = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.jsonValue(), fc.double(), fc.integer(), fc.constant(undefined), fc.date({ noInvalidDate: false }));
const isResult = (r: unknown) => r === null || typeof r === 'string' || (typeof r === 'object' && typeof (r as { invalid?: unknown }).invalid === 'string');

describe('properties: normalisers', () => {
  it('normaliseEmail / splitEmails: a string, null or an invalid marker for any input', () => {
    fc.assert(fc.property(anyInput, (v) => {
      expect(isResult(normaliseEmail(v))).toBe(true);
      const s = splitEmails(v);
      expect(Array.isArray(s.emails) && Array.isArray(s.invalid)).toBe(true);
    }), runs);
  });
  it('normaliseEmail is idempotent on what it accepts', () => {
    fc.assert(fc.property(fc.emailAddress(), (e) => {
      const once = normaliseEmail(e);
      if (typeof once === 'string') expect(normaliseEmail(once)).toBe(once);
    }), runs);
  });
  it('normalisePhone / splitPhones: E.164, null or an invalid marker for any input and region', () => {
    fc.assert(fc.property(anyInput, fc.constantFrom('US', 'FR', 'ID', 'DE', 'XX', ''), (v, region) => {
      const r = normalisePhone(v, region);
      expect(isResult(r)).toBe(true);
      if (typeof r === 'string') expect(r).toMatch(/^\+\d+/);
      const s = splitPhones(v, region);
      expect(Array.isArray(s.phones) && Array.isArray(s.invalid)).toBe(true);
    }), runs);
  });
  it('normaliseDate: ISO, null or an invalid marker for any input, format and zone', () => {
    fc.assert(fc.property(anyInput, fc.constantFrom('date' as const, 'datetime' as const),
      fc.option(fc.constantFrom('DD/MM/YYYY', 'DD/MM/YYYY HH:mm:ss', 'YYYY', '')), fc.option(fc.constantFrom('UTC', 'Asia/Jakarta', 'Europe/Paris', 'Not/AZone')),
      (v, kind, format, timeZone) => {
        let r: unknown;
        try {
          r = normaliseDate(v, { kind, ...(format ? { format } : {}), ...(timeZone ? { timeZone } : {}) });
        } catch (err) {
          // An unknown time zone or format is a configuration error: it must say so with a stable code.
          expect(isSluiceError(err), String(err)).toBe(true);
          return;
        }
        expect(isResult(r)).toBe(true);
        if (typeof r === 'string') expect(Number.isNaN(Date.parse(kind === 'date' ? `${r}T00:00:00Z` : r))).toBe(false);
      }), runs);
  });
  it('isPlaceholder: a boolean for any input', () => {
    fc.assert(fc.property(anyInput, (v) => {
      expect(typeof isPlaceholder(v)).toBe('boolean');
    }), runs);
  });
});

describe('properties: diff and content hash', () => {
  it('the hash ignores key order and agrees with canonical JSON', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
      const reversed = Object.fromEntries(Object.entries(o).reverse());
      expect(contentHash(reversed)).toBe(contentHash(o));
      expect(canonicalJson(reversed)).toBe(canonicalJson(o));
    }), runs);
  });
  it('a diff is empty exactly when the contents hash the same, and names only paths that changed', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
      const d = diffRecords(a, b);
      expect(Object.keys(d).length === 0).toBe(contentHash(a) === contentHash(b));
      expect(Object.keys(diffRecords(a, a))).toEqual([]);
      for (const c of Object.values(d)) expect(['added', 'removed', 'changed']).toContain(c.op);
    }), runs);
  });
});

describe('properties: CSV reader', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sluice-prop-csv-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('any bytes after a header: every line is a record or an invalid message with a reason, nothing thrown', async () => {
    let i = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('"', '""', ',', '\r\n', '\n', '"a,b', 'a"b')), { maxLength: 60 }), async (parts) => {
      const path = join(dir, `f${i++}.csv`);
      writeFileSync(path, `id,name,note\n${parts.join('')}`);
      const cfg = csvConfigSchema.parse({ path, stream: 's', key: 'id' });
      const header = readHeader(cfg);
      for await (const m of readCsv(cfg, header, new AbortController().signal)) {
        if (m.type === 'invalid') expect(m.reasons.length).toBeGreaterThan(0);
      }
    }), { numRuns: Math.max(20, Math.round(FAULT_PROPERTY_RUNS / 4)) });
  });
});

describe('properties: pack settings', () => {
  it('any given values: parsed, or one validation_failed error listing the problems', () => {
    for (const pack of loadPacks()) {
      const declared = flattenSettings(pack.settings);
      const keys = [...declared.keys(), 'nope.nope', 'x'];
      fc.assert(fc.property(fc.dictionary(fc.constantFrom(...keys), anyInput), (given) => {
        try {
          parseSettingValues(declared, given, pack.id);
        } catch (err) {
          expect(isSluiceError(err) && err.code === 'validation_failed', String(err)).toBe(true);
        }
      }), runs);
    }
  });
});

describe('properties: API input schemas', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('pglite');
  }, 120_000);
  afterAll(async () => h?.close());

  it('any JSON body on every write route: never a 5xx, every refusal an error with a code', async () => {
    const writes = h.server.routeTable.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.url.includes('/auth/'));
    expect(writes.length).toBeGreaterThan(5);
    const perRoute = Math.max(5, Math.round(FAULT_PROPERTY_RUNS / 10));
    for (const route of writes) {
      const url = route.url.replace(/:[a-zA-Z_]+/g, 'fuzz');
      await fc.assert(fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())), async (body) => {
        const r = await h.server.inject({
          method: route.method as 'POST', url, payload: JSON.stringify(body) ?? 'null',
          headers: { authorization: `Bearer ${h.tokens.admin}`, 'content-type': 'application/json' },
        });
        expect(r.statusCode, `${route.method} ${url} ${JSON.stringify(body)} → ${r.body}`).toBeLessThan(500);
        if (r.statusCode >= 400) expect(typeof r.json<{ error?: { code?: unknown } }>().error?.code, `${route.method} ${url}: ${r.body}`).toBe('string');
      }), { numRuns: perRoute });
    }
  }, 600_000);
});
