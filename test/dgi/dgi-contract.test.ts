import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFieldList } from '../../src/connectors/dgi/dgi-module.js';
import { DGI_MODULES } from '../../src/connectors/dgi/dgi-streams.js';
import { dgiAuthHeaders } from '../../src/connectors/dgi/dgi-token.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { HAS_SHARED, SHARED_DIR } from '../support/shared.js';
import { SPEC_ENDPOINTS } from './fixtures/dgi-spec-fields.js';

const DATE = /^\d{2}\/\d{2}\/\d{4}$/;
const DATETIME = /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/;
import { DAY_MS as DAY } from '../../src/core/day-ms.js';

/** `YYYY-MM-DD HH:MM:SS` in WIB, written independently of the connector's formatter. */
const wib = (ms: number): string => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

interface Envelope {
  status: number;
  message: unknown;
  data: Record<string, unknown>[] | null;
}

describe('DGI simulator responses follow the v1.3 spec', () => {
  let sandbox: Sandbox;
  let base: string;
  const sim = createDgiSimulator();
  const cred = sim.credentials()[0]!;

  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 7, simulators: [sim] });
    base = await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());

  async function post(module: string, body: unknown, headers?: Record<string, string>): Promise<{ http: number; env: Envelope }> {
    const res = await fetch(`${base}/dgi/dgi-api/v1.3/${module}/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(headers ?? dgiAuthHeaders(cred.api_key, cred.secret_key, sandbox.clock.now())) },
      body: JSON.stringify(body),
    });
    return { http: res.status, env: (await res.json()) as Envelope };
  }
  const lastWeek = () => ({ fromTime: wib(sandbox.clock.now().getTime() - 7 * DAY + 60_000), toTime: wib(sandbox.clock.now().getTime()) });

  it.each(Object.keys(SPEC_ENDPOINTS))('%s/read: envelope, field names, nesting and types', async (module) => {
    sandbox.clock.advance(); // some documents worked on, so optional fields are filled too
    const spec = SPEC_ENDPOINTS[module]!;
    const { http, env } = await post(module, { ...lastWeek(), dealerId: cred.dealer_id });
    expect(http).toBe(200);
    expect(env.status).toBe(1);
    expect(env.message).toBeNull();
    expect(Array.isArray(env.data)).toBe(true);
    expect(env.data!.length).toBeGreaterThan(0);
    for (const rec of env.data!) {
      expect(Object.keys(rec).sort()).toEqual([...spec.record, ...Object.keys(spec.arrays)].sort());
      expect(rec.dealerId).toBe(cred.dealer_id);
      for (const f of ['createdTime', 'modifiedTime']) expect(rec[f]).toMatch(DATETIME);
      for (const [name, fields] of Object.entries(spec.arrays)) {
        const items = rec[name] as Record<string, unknown>[];
        expect(Array.isArray(items)).toBe(true);
        for (const item of items) {
          expect(Object.keys(item).sort(), `${module}.${name}`).toEqual([...fields].sort());
          expect(item.createdTime).toMatch(DATETIME);
        }
      }
      const flat = [rec, ...Object.keys(spec.arrays).flatMap((a) => rec[a] as Record<string, unknown>[])];
      for (const obj of flat) {
        for (const f of spec.numbers) if (f in obj) expect(typeof obj[f], `${module}.${f}`).toBe('number');
        for (const f of spec.dates) if (f in obj && obj[f] !== '') expect(obj[f], `${module}.${f}`).toMatch(DATE);
        for (const [k, v] of Object.entries(obj)) {
          if (!spec.numbers.includes(k) && !Array.isArray(v)) expect(typeof v, `${module}.${k} is Varchar`).toBe('string');
        }
      }
    }
  });

  it('refuses with HTTP 200 and status 0: auth failures carry a string, body validation an object', async () => {
    const noAuth = await post('pkb', lastWeek(), { 'x-request-time': '1' });
    expect(noAuth).toEqual({ http: 200, env: { status: 0, message: expect.stringMatching(/Wajib Diisi/), data: null } });
    const wrongKey = await post('pkb', lastWeek(), dgiAuthHeaders('dgi-key-sandbox:nope', cred.secret_key, sandbox.clock.now()));
    expect(wrongKey.env).toEqual({ status: 0, message: 'API Key Tidak Terdaftar', data: null });
    const badToken = await post('pkb', lastWeek(), dgiAuthHeaders(cred.api_key, 'wrong', sandbox.clock.now()));
    expect(badToken.env).toEqual({ status: 0, message: 'Token Tidak Valid !!', data: null });
    const late = await post('pkb', lastWeek(), dgiAuthHeaders(cred.api_key, cred.secret_key, new Date(sandbox.clock.now().getTime() - 11_000)));
    expect(late.env).toEqual({ status: 0, message: 'Unix Timestamp Diluar Validasi Detik', data: null });
    const badFormat = await post('pkb', { fromTime: '15/01/2019 12:31:00' });
    expect(badFormat).toMatchObject({ http: 200, env: { status: 0, message: { fromTime: expect.stringMatching(/YYYY-MM-DD HH:MM:SS/) }, data: null } });
    const missing = await post('pkb', { toTime: lastWeek().toTime });
    expect(missing.env.message).toMatchObject({ fromTime: expect.stringMatching(/Wajib/) });
  });

  it('applies the 7-day and 30-day rules; toTime defaults to the time of receipt', async () => {
    const now = sandbox.clock.now().getTime();
    const eight = await post('spk', { fromTime: wib(now - 8 * DAY), toTime: wib(now) });
    expect(eight.env).toEqual({ status: 0, message: 'Melebihi Rentang Waktu Pengambilan Data , Max. 7 hari', data: null });
    const old = await post('spk', { fromTime: wib(now - 32 * DAY), toTime: wib(now - 27 * DAY) });
    expect(old.env).toMatchObject({ status: 0, message: expect.stringMatching(/H-30/), data: null });
    const open = await post('spk', { fromTime: wib(now - 7 * DAY + 60_000), dealerId: cred.dealer_id });
    const closed = await post('spk', { ...lastWeek(), dealerId: cred.dealer_id });
    expect(open.env.status).toBe(1);
    expect(open.env.data!.map((r) => r.idSpk)).toEqual(closed.env.data!.map((r) => r.idSpk));
    const nothing = await post('spk', { fromTime: wib(now - 27 * DAY), toTime: wib(now - 27 * DAY + 1_000), dealerId: cred.dealer_id });
    expect(nothing.env).toEqual({ status: 1, message: null, data: [] });
  });

  it('without dealerId a key returns its whole group; filters narrow the result (spec typo keys included)', async () => {
    const all = await post('prsp', lastWeek());
    expect(new Set(all.env.data!.map((r) => r.dealerId))).toEqual(new Set(['12284', '08138']));
    const one = all.env.data![0]!;
    const filtered = await post('prsp', { ...lastWeek(), 'idProspect ': one.idProspect });
    expect(filtered.env.data!.map((r) => r.idProspect)).toEqual([one.idProspect]);
    const wo = (await post('pkb', { ...lastWeek(), dealerId: cred.dealer_id })).env.data![0]!.noWorkOrder;
    const byWo = await post('pkb', { ...lastWeek(), noWorkOrder: wo });
    expect(byWo.env.data!.map((r) => r.noWorkOrder)).toEqual([wo]);
  });

  it('the connector declares every field and nested array of the spec', () => {
    for (const def of DGI_MODULES) {
      const module = def.endpoint.split('/')[0]!;
      const spec = SPEC_ENDPOINTS[module];
      expect(spec, module).toBeDefined();
      expect(parseFieldList(def.fields, 'record').map((f) => f.name).sort(), module).toEqual([...spec!.record].sort());
      expect(def.children.map((c) => c.path).sort(), module).toEqual(Object.keys(spec!.arrays).sort());
      for (const c of def.children) {
        // `dealerId` on child rows is Sluice's own (copied from the parent for per-dealer filters), not the spec's.
        const own = parseFieldList(c.fields, 'child').map((f) => f.name);
        expect(own).toContain('dealerId');
        expect(own.filter((n) => n !== 'dealerId').sort(), `${module}.${c.path}`).toEqual([...spec!.arrays[c.path]!].sort());
      }
    }
    expect(DGI_MODULES).toHaveLength(Object.keys(SPEC_ENDPOINTS).length);
  });

  it.skipIf(!HAS_SHARED)('the fixture matches the keys of the spec text’s JSON examples', () => {
    const text = readFileSync(join(SHARED_DIR, 'upstreams/specs/dgi-v1.3-spec.txt'), 'utf8');
    for (const [module, spec] of Object.entries(SPEC_ENDPOINTS)) {
      const at = text.indexOf(`URL https://example.com/dgi-api/v1.3/${module}/read`);
      expect(at, module).toBeGreaterThan(0);
      const from = text.indexOf('Contoh Response Body', at);
      const ends = [text.indexOf('URL https://example.com', from), text.indexOf('Change Log', from)].filter((i) => i > 0);
      const example = text.slice(from, Math.min(...ends));
      const keys = new Set([...example.matchAll(/"(\w+)"\s*:/g)].map((m) => m[1]!));
      const expected = new Set(['status', 'message', 'data', ...spec.record, ...Object.keys(spec.arrays), ...Object.values(spec.arrays).flat()]);
      expect([...keys].sort(), module).toEqual([...expected].sort());
    }
  });
});
