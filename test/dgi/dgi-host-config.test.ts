import { describe, expect, it } from 'vitest';
import { dgiDealerIdSchema } from '../../src/connectors/dgi/dgi-config.js';
import { credentialGroup, dealerConnectionConfig, dealerGroupProblems } from '../../src/packs/dgi-dealers/dgi-host-config.js';

const HOST = 'https://gvt-apigateway.daya-dms.id';
const dealer = (id: string, extra: Record<string, unknown> = {}) => ({
  dealer_id: id, dealer_name: `Dealer ${id}`, api_key: 'key-A', secret_key: 'secret-A', base_url: `${HOST}/`, ...extra,
});

describe('DGI per-host API configuration', () => {
  it('a dealer inherits its host settings and overrides what it sets', () => {
    const hosts = [{ base_url: HOST, timeout_ms: 60_000, retries: 5, requests_per_second: 2, window_days: 5, overlap_minutes: 30 }];
    const a = dealerConnectionConfig(hosts, dealer('12284'));
    expect(a).toMatchObject({ base_url: HOST, timeout_ms: 60_000, retries: 5, requests_per_second: 2, window_days: 5, overlap_minutes: 30, time_zone: 'Asia/Jakarta' });
    const b = dealerConnectionConfig(hosts, dealer('29437', { overrides: { timeout_ms: 90_000, window_days: 3 } }));
    expect(b).toMatchObject({ timeout_ms: 90_000, window_days: 3, retries: 5, requests_per_second: 2 });
    // an unknown host gets the defaults
    expect(dealerConnectionConfig([], dealer('11111', { base_url: 'https://md.example' }))).toMatchObject({ timeout_ms: 30_000, retries: 3, window_days: 7, requests_per_second: 5 });
  });

  it('refuses windows over 7 days, bad dealer ids and missing secrets, listing every problem', () => {
    expect(() => dealerConnectionConfig([{ base_url: HOST, window_days: 14 }], dealer('12284'))).toThrow(/at most 7 days per request/);
    expect(() => dealerConnectionConfig([], dealer('12284', { overrides: { window_days: 8 } }))).toThrow(/at most 7 days/);
    let msg = '';
    try {
      dealerConnectionConfig([], dealer('ABCDEFGHIJK', { secret_key: '' }));
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/dealer_id: an ODA dealer code has at most 10 characters/);
    expect(msg).toMatch(/secret_key: the DGI secret key is required/);
  });

  it('validates ODA dealer codes', () => {
    for (const ok of ['12284', '07321', 'AB12', '1234567890']) expect(dgiDealerIdSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '12345678901', '12 84', '12-84', 'ü123']) expect(dgiDealerIdSchema.safeParse(bad).success, bad).toBe(false);
    expect(dgiDealerIdSchema.parse(' 12284 ')).toBe('12284');
  });

  it('dealers sharing a key are one rate-limit group; differing rates and duplicates are reported', () => {
    const a = dealerConnectionConfig([], dealer('12284'));
    const b = dealerConnectionConfig([], dealer('29437'));
    const c = dealerConnectionConfig([], dealer('11111', { api_key: 'key-B' }));
    expect(credentialGroup(a)).toBe(credentialGroup(b));
    expect(credentialGroup(a)).not.toBe(credentialGroup(c));
    expect(credentialGroup(a)).not.toContain('key-A');
    expect(dealerGroupProblems([a, b, c])).toEqual([]);
    const fast = dealerConnectionConfig([], dealer('29437', { overrides: { requests_per_second: 20 } }));
    expect(dealerGroupProblems([a, fast, a])).toEqual([
      `dealer 12284 appears 2 times on ${HOST}`,
      `dealers 12284, 29437, 12284 share one API key on ${HOST} but set different requests per second (5, 20); the key has one rate`,
    ]);
  });
});
