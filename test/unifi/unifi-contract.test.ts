import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED, RECORDED_DIR } from '../support/shared.js';
import { startUnifiHarness, type UnifiHarness } from './unifi-harness.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function recorded(name: string): Record<string, Json> {
  return JSON.parse(readFileSync(join(RECORDED_DIR, 'unifi-site-manager', name), 'utf8')) as Record<string, Json>;
}

function kind(v: Json | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Every field of the recorded body exists in the simulator's with the same JSON type (null matches anything: the
 * spec marks those fields nullable), recursively; with `exact`, the simulator adds no fields either.
 */
function sameShape(rec: Json, sim: Json | undefined, path: string, exact: boolean, problems: string[]): void {
  const rk = kind(rec);
  const sk = kind(sim);
  if (rk === 'null' || sk === 'null') return;
  if (rk !== sk) {
    problems.push(`${path}: recorded ${rk}, simulator ${sk}`);
    return;
  }
  if (rk === 'array') {
    const r = rec as Json[];
    const s = sim as Json[];
    if (r.length > 0 && s.length > 0) sameShape(r[0]!, s[0], `${path}[0]`, exact, problems);
    return;
  }
  if (rk !== 'object') return;
  const r = rec as Record<string, Json>;
  const s = sim as Record<string, Json>;
  for (const k of Object.keys(r)) {
    if (!(k in s)) problems.push(`${path}.${k}: missing in the simulator`);
    else sameShape(r[k]!, s[k], `${path}.${k}`, exact, problems);
  }
  if (exact) for (const k of Object.keys(s)) if (!(k in r)) problems.push(`${path}.${k}: not in the recorded body`);
}

function shapeProblems(rec: Json, sim: Json, exact: boolean): string[] {
  const problems: string[] = [];
  sameShape(rec, sim, '$', exact, problems);
  return problems;
}

describe.skipIf(!HAS_SHARED)('UniFi simulator vs recorded Site Manager bodies', () => {
  let h: UnifiHarness;
  beforeAll(async () => {
    h = await startUnifiHarness({ rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => h.close());

  const hostOfType = async (type: string) => {
    const all = await h.get('/v1/hosts?pageSize=500');
    const host = (all.body.data as { type: string }[]).find((x) => x.type === type);
    if (!host) throw new Error(`no ${type} host`);
    return { ...all.body, data: [host] } as Json;
  };

  it('sites list: same envelope, fields and types (exactly)', async () => {
    const sim = await h.get('/v1/sites?pageSize=1');
    expect(shapeProblems(recorded('sites-list_success.json'), sim.body as Json, true)).toEqual([]);
  });

  it('devices list: same grouping, device fields and types (exactly)', async () => {
    const sim = await h.get('/v1/devices?pageSize=1');
    expect(shapeProblems(recorded('devices-list_success.json'), sim.body as Json, true)).toEqual([]);
  });

  it('hosts list: console and ucore hosts carry every recorded field', async () => {
    expect(shapeProblems(recorded('hosts-list_success_console.json'), await hostOfType('console'), false)).toEqual([]);
    expect(shapeProblems(recorded('hosts-list_success_ucore.json'), await hostOfType('ucore'), false)).toEqual([]);
  });

  it('get host: network-server and ucore bodies carry every recorded field', async () => {
    for (const [file, type] of [['hosts-get_network_server.json', 'network-server'], ['hosts-get_ucore.json', 'ucore']] as const) {
      const list = (await hostOfType(type)) as { data: { id: string }[] };
      const one = await h.get(`/v1/hosts/${encodeURIComponent(list.data[0]!.id)}`);
      expect(shapeProblems(recorded(file), one.body as Json, false), file).toEqual([]);
    }
  });

  it('ISP metrics: get and query (success and partialSuccess) carry every recorded field', async () => {
    const got = await h.get('/ea/isp-metrics/5m?duration=24h');
    expect(shapeProblems(recorded('metrics-get_isp_metrics.json'), got.body as Json, false)).toEqual([]);
    const site = h.sim.fleet.sites()[0]!;
    const query = async (sites: unknown[]) => {
      const res = await fetch(`${h.baseUrl}/ea/isp-metrics/5m/query`, {
        method: 'POST',
        headers: { 'X-API-KEY': h.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ sites }),
      });
      return (await res.json()) as Json;
    };
    const one = { hostId: site.hostId, siteId: site.siteId, beginTimestamp: new Date(Date.now() - 3_600_000).toISOString() };
    expect(shapeProblems(recorded('metrics-query_isp_metrics_success.json'), await query([one]), true)).toEqual([]);
    const partial = await query([one, one, { hostId: 'x', siteId: 'y' }]);
    expect(shapeProblems(recorded('metrics-query_isp_metrics_partial_success.json'), partial, true)).toEqual([]);
    const rec = recorded('metrics-query_isp_metrics_partial_success.json').data as Record<string, Json>;
    expect(partial).toMatchObject({ data: { status: rec.status, message: rec.message } });
    const badBegin = await h.get('/ea/isp-metrics/5m?beginTimestamp=2024-06-30');
    const recErr = recorded('errors-invalid_parameter.json');
    expect(badBegin.body).toMatchObject({ code: recErr.code, httpStatusCode: 400, message: recErr.message });
  });

  it('SD-WAN: list, config and status carry every recorded field; an unknown config is not_found', async () => {
    const list = await h.get('/ea/sd-wan-configs');
    expect(shapeProblems(recorded('sdwan-list_configs.json'), list.body as Json, true)).toEqual([]);
    const id = (list.body.data as { id: string }[])[0]!.id;
    const config = await h.get(`/ea/sd-wan-configs/${id}`);
    expect(shapeProblems(recorded('sdwan-get_config_by_id.json'), config.body as Json, true)).toEqual([]);
    const status = await h.get(`/ea/sd-wan-configs/${id}/status`);
    expect(shapeProblems(recorded('sdwan-config_status.json'), status.body as Json, true)).toEqual([]);
    const missing = await h.get('/ea/sd-wan-configs/nope/status');
    const rec = recorded('sdwan-config_status_not_found.json');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: rec.code, message: rec.message });
  });

  it('error envelopes: same fields and types, same wording where the recording has it', async () => {
    const unauthorized = await h.get('/v1/hosts', {});
    expect(shapeProblems(recorded('errors-unauthorized.json'), unauthorized.body as Json, true)).toEqual([]);
    expect(unauthorized.body.code).toBe(recorded('errors-unauthorized.json').code);
    expect(unauthorized.body.message).toBe(recorded('errors-unauthorized.json').message);
    const badTime = await h.get('/v1/devices?time=2024-04-24');
    expect(badTime.body).toMatchObject({ code: recorded('errors-parameter_invalid.json').code, message: recorded('errors-parameter_invalid.json').message });
    const notFound = await h.get('/v1/hosts/942A6F00301100000000074A6BA90000000007A3387E0000000063EC9853:714694');
    expect(notFound.body).toMatchObject({ code: recorded('errors-not_found.json').code, message: recorded('errors-not_found.json').message });
    for (const [file, status] of [['errors-rate_limit.json', 429], ['errors-server_error.json', 500], ['errors-bad_gateway.json', 502]] as const) {
      h.sandbox.faults.set({ prefix: 'unifi', kind: status === 429 ? 'rate_limit' : 'error', status, path: '/v1/sites', count: 1 });
      const res = await h.get('/v1/sites');
      expect(res.status).toBe(status);
      expect(shapeProblems(recorded(file), res.body as Json, true), file).toEqual([]);
      expect(res.body.code).toBe(recorded(file).code);
    }
  });
});
