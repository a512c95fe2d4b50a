import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dgiConnector } from '../../src/connectors/dgi/dgi.connector.js';
import { classifyDgiRejection, dgiMessageText } from '../../src/connectors/dgi/dgi-client.js';
import { dgiConfigSchema } from '../../src/connectors/dgi/dgi-config.js';
import { convertDgiRecord } from '../../src/connectors/dgi/dgi-record.js';
import { dgiShapeOf, dgiStreams, DGI_MODULES } from '../../src/connectors/dgi/dgi-streams.js';
import { readAll, records, startDgiHarness, type DgiHarness } from './dgi-harness.js';

/** A port nothing listens on: bound, closed, then used. */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('dgi manifest and config', () => {
  it('flags the two keys as secrets and validates the dealer code and time zone', () => {
    expect(dgiConnector.manifest.id).toBe('dgi');
    expect(dgiConnector.manifest.secrets).toEqual(['api_key', 'secret_key']);
    expect(dgiConnector.manifest.fields.filter((f) => f.secret).map((f) => f.name)).toEqual(['api_key', 'secret_key']);
    const ok = dgiConfigSchema.parse({ dealer_id: '12284', dealer_name: 'X', base_url: 'https://md.example/', api_key: 'k', secret_key: 's' });
    expect(ok).toMatchObject({ time_zone: 'Asia/Jakarta', window_days: 7, base_url: 'https://md.example' });
    const bad = dgiConfigSchema.safeParse({ dealer_id: '12345678901', dealer_name: 'X', base_url: 'ftp://x', api_key: '', secret_key: 's', time_zone: 'Mars/Base' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['api_key', 'base_url', 'dealer_id', 'time_zone']);
  });
});

describe('dgi record conversion', () => {
  const pkb = dgiShapeOf(DGI_MODULES.find((m) => m.stream === 'dgi_pkb')!);

  it('parses dates in the zone, trims ids, fills dealerId, converts children', () => {
    const r = convertDgiRecord(
      {
        noWorkOrder: ' WO/08138/18/12/123 ', tanggalServis: '31/12/2018', waktuPKB: '31/12/2018 09:39:59', kmTerakhir: '64000',
        createdTime: '31/12/2018 09:39:59', modifiedTime: '31/12/2018 10:00:00', extraMdField: ' kept ',
        services: [{ idJob: 'BA082 ', discServicePercentage: '20,5', biayaService: 180000, createdTime: '31/12/2018 09:39:59' }],
      },
      pkb, 'Asia/Jakarta', '08138',
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({
      noWorkOrder: 'WO/08138/18/12/123', dealerId: '08138', tanggalServis: '2018-12-31', waktuPKB: '2018-12-31T02:39:59.000Z',
      kmTerakhir: 64000, createdTime: '2018-12-31T02:39:59.000Z', extraMdField: 'kept', parts: [],
    });
    expect((r.data.services as Record<string, unknown>[])[0]).toMatchObject({ idJob: 'BA082', discServicePercentage: 20.5, biayaService: 180000 });
  });

  it('gives every reason when a record cannot be read', () => {
    const r = convertDgiRecord({ tanggalServis: '2018-12-31', kmTerakhir: 'banyak', parts: [{ kuantitas: 1.5 }] }, pkb, 'Asia/Jakarta', '08138');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^tanggalServis: .*DD\/MM\/YYYY/), expect.stringMatching(/^kmTerakhir: /),
      expect.stringMatching(/^parts\[0\]\.kuantitas: .*whole number/), 'noWorkOrder: required',
    ]));
    expect(convertDgiRecord('x', pkb, 'Asia/Jakarta', '1')).toEqual({ ok: false, reasons: ['the record is not a JSON object'] });
  });

  it('reads the envelope message in all three forms and classifies it', () => {
    expect(dgiMessageText({ message1: 'Error satu', fromTime: 'Format salah' })).toBe('Error satu; fromTime: Format salah');
    expect(dgiMessageText(' Token Tidak Valid !! ')).toBe('Token Tidak Valid !!');
    expect(dgiMessageText(null)).toBe('');
    expect(classifyDgiRejection('Token Tidak Valid !!')).toBe('bad_credentials');
    expect(classifyDgiRejection('API Key Tidak Terdaftar')).toBe('bad_credentials');
    expect(classifyDgiRejection('Unix Timestamp Diluar Validasi Detik')).toBe('clock_skew');
    expect(classifyDgiRejection('Melebihi Rentang Waktu Pengambilan Data , Max. 30 hari')).toBe('window');
    expect(classifyDgiRejection('Dealer 29437 Tidak Terdaftar Pada Dealer Group API Key Ini')).toBe('dealer_scope');
    expect(classifyDgiRejection('Server sibuk')).toBe('other');
  });
});

describe('dgi check() and edge responses against the simulator', () => {
  let h: DgiHarness;
  beforeAll(async () => {
    h = await startDgiHarness();
  });
  afterAll(async () => h.close());

  it('passes with good credentials', async () => {
    const r = await dgiConnector.check(h.config(0), h.ctx(h.config(0)));
    expect(r).toMatchObject({ ok: true, details: { dealerId: '12284' } });
    expect(Math.abs(r.details!.skewSeconds as number)).toBeLessThanOrEqual(1);
    expect(r.message).toMatch(/^connected to DGI at http:\/\/127\.0\.0\.1:\d+\/dgi as dealer 12284/);
  });

  it('names a wrong secret, an unknown key, an unreachable host and a wrong base URL', async () => {
    const wrongSecret = h.config(0, { secret_key: 'dgi-secret-sandbox:wrong' });
    const a = await dgiConnector.check(wrongSecret, h.ctx(wrongSecret));
    expect(a).toMatchObject({ ok: false, details: { reason: 'bad_credentials', serverMessage: 'Token Tidak Valid !!' } });
    expect(a.message).toMatch(/API key or secret key was rejected/);
    expect(a.message).not.toContain('wrong');
    const unknown = h.config(0, { api_key: 'dgi-key-sandbox:unknown' });
    expect(await dgiConnector.check(unknown, h.ctx(unknown))).toMatchObject({ ok: false, details: { reason: 'bad_credentials' } });
    const dead = h.config(0, { base_url: `http://127.0.0.1:${await deadPort()}`, timeout_ms: 1_000 });
    const c = await dgiConnector.check(dead, h.ctx(dead));
    expect(c).toMatchObject({ ok: false, details: { reason: 'unreachable' } });
    expect(c.message).toMatch(/is unreachable/);
    const wrongPath = h.config(0, { base_url: h.baseUrl.replace(/\/dgi$/, '/nope') });
    expect(await dgiConnector.check(wrongPath, h.ctx(wrongPath))).toMatchObject({ ok: false, details: { reason: 'not_found' } });
    const foreign = h.config(0, { dealer_id: '29437' });
    const f = await dgiConnector.check(foreign, h.ctx(foreign));
    expect(f).toMatchObject({ ok: false, details: { reason: 'dealer_scope' } });
    expect(f.message).toMatch(/^dealer 29437 is not in the dealer group of this API key/);
    const invalid = await dgiConnector.check({ ...h.config(0), dealer_id: '' }, h.ctx(h.config(0)));
    expect(invalid.ok).toBe(false);
    expect(invalid.message).toMatch(/^invalid config: dealer_id/);
  });

  it('treats an MD’s "Tidak Ada Data" status 0 as an empty window, and quarantines a record it cannot read', async () => {
    const stream = dgiStreams().find((s) => s.name === 'dgi_leasing')!;
    h.sandbox.faults.set({ prefix: 'dgi', kind: 'error', status: 200, path: '/dgi-api/v1.3/lsng/read', body: { status: 0, message: 'Tidak Ada Data Pada Periode ini', data: null } });
    expect(await readAll(stream, h.ctx(h.config(0)))).toEqual([]);
    h.sandbox.faults.clear();
    const bad = { idDokumenPengajuan: 'FIF01/12284/26/11/99999', tanggalPengajuan: '2026-11-02', dealerId: '12284', createdTime: '02/11/2026 10:00:00', modifiedTime: '02/11/2026 10:00:00' };
    h.sandbox.faults.set({ prefix: 'dgi', kind: 'error', status: 200, count: 1, path: '/dgi-api/v1.3/lsng/read', body: { status: 1, message: null, data: [bad] } });
    const msgs = await readAll(stream, h.ctx(h.config(0)));
    expect(msgs[0]).toEqual({ type: 'invalid', raw: bad, reasons: [expect.stringMatching(/^tanggalPengajuan: "2026-11-02" is not a DD\/MM\/YYYY date/)] });
    expect(records(msgs).length).toBeGreaterThan(0);
    const key = h.creds[0]!.api_key;
    h.sandbox.faults.set({ prefix: 'dgi', kind: 'error', status: 200, count: 1, path: '/dgi-api/v1.3/lsng/read', body: { status: 0, message: `API Key ${key} diblokir`, data: null } });
    const echoed = await readAll(stream, h.ctx(h.config(0))).then(() => undefined, (e: Error) => e);
    expect(echoed?.message).toBe('DGI lsng/read refused the request (status 0): API Key [redacted] diblokir');
    expect(JSON.stringify(echoed)).not.toContain(key);
    h.sandbox.faults.set({ prefix: 'dgi', kind: 'error', status: 200, count: 1, path: '/dgi-api/v1.3/lsng/read', body: { status: 1, message: null, data: { not: 'an array' } } });
    await expect(readAll(stream, h.ctx(h.config(0)))).rejects.toMatchObject({ code: 'malformed_response' });
  });
});
