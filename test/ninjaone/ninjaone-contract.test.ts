import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED, SHARED_DIR } from '../support/shared.js';
import { startNinjaHarness, type NinjaHarness } from './ninjaone-harness.js';

interface SpecProp {
  type: string;
  enum: string[];
  /** Lines describing the property other than type/description: none means a bare `type: object`, i.e. any value. */
  detail: number;
}

/**
 * The properties of one `components.schemas` entry of the NinjaOne OpenAPI document (no recorded NinjaOne bodies
 * exist, so the official spec is the contract): name → declared type (`$ref` = object) and enum values.
 */
function specSchema(text: string, name: string): Map<string, SpecProp> {
  const lines = text.split('\n');
  const start = lines.indexOf(`    ${name}:`);
  if (start < 0) throw new Error(`schema ${name} not in the spec`);
  const props = new Map<string, SpecProp>();
  let current: SpecProp | undefined;
  let inEnum = false;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^ {4}\S/.test(line)) break;
    const prop = /^ {8}([A-Za-z0-9_]+):\s*$/.exec(line);
    if (prop) {
      current = { type: 'object', enum: [], detail: 0 };
      props.set(prop[1]!, current);
      inEnum = false;
      continue;
    }
    if (!current) continue;
    const type = /^ {10}type: (\w+)/.exec(line);
    if (type) current.type = type[1]!;
    else if (/^ {10}\S/.test(line) && !/^ {10}description:/.test(line)) current.detail += 1;
    if (/^ {10}enum:/.test(line)) inEnum = true;
    else if (/^ {10}\S/.test(line)) inEnum = false;
    const item = /^ {12}- (\S+)/.exec(line);
    if (inEnum && item) current.enum.push(item[1]!);
  }
  return props;
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function problems(body: Record<string, unknown>, schema: Map<string, SpecProp>, where: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(body)) {
    const p = schema.get(k);
    if (!p) {
      out.push(`${where}.${k}: not in the spec`);
      continue;
    }
    const t = jsonType(v);
    // A bare `type: object` (psaTicketId) is the generator's rendering of a Java Object: any JSON value.
    const anyValue = p.type === 'object' && p.detail === 0;
    const ok = anyValue || t === 'null' || t === p.type || (p.type === 'number' && t === 'integer');
    if (!ok) out.push(`${where}.${k}: spec ${p.type}, simulator ${t}`);
    if (p.enum.length > 0 && typeof v === 'string' && !p.enum.includes(v)) out.push(`${where}.${k}: "${v}" not in the spec's enum`);
  }
  return out;
}

describe.skipIf(!HAS_SHARED)('NinjaOne simulator vs the official OpenAPI document', () => {
  let h: NinjaHarness;
  let spec: string;
  let token: string;
  beforeAll(async () => {
    spec = readFileSync(join(SHARED_DIR, 'upstreams/specs/ninjaone-openapi.yml'), 'utf8');
    h = await startNinjaHarness({ devices: 80, organizations: 12 });
    h.sandbox.clock.advance({ steps: 2 });
    token = await h.token();
  });
  afterAll(async () => h.close());

  it('organizations match Organization', async () => {
    const schema = specSchema(spec, 'Organization');
    const rows = (await h.get('/v2/organizations', token)).body as Record<string, unknown>[];
    expect(rows.flatMap((r, i) => problems(r, schema, `org[${i}]`))).toEqual([]);
  });

  it('devices match NodeWithDetailedReferences, devices-detailed match Device (references included)', async () => {
    const basic = specSchema(spec, 'NodeWithDetailedReferences');
    const detailed = specSchema(spec, 'Device');
    const refs = specSchema(spec, 'NodeReferences');
    const b = (await h.get('/v2/devices', token)).body as Record<string, unknown>[];
    const d = (await h.get('/v2/devices-detailed', token)).body as Record<string, unknown>[];
    expect(b.flatMap((r, i) => problems(r, basic, `devices[${i}]`))).toEqual([]);
    expect(d.flatMap((r, i) => problems(r, detailed, `detailed[${i}]`))).toEqual([]);
    expect(d.flatMap((r, i) => problems(r.references as Record<string, unknown>, refs, `detailed[${i}].references`))).toEqual([]);
    expect(new Set(d.map((r) => r.nodeClass)).size).toBeGreaterThan(3);
  });

  it('alerts match Alert (no severity or priority on alerts), activities match Activity and ActivitiesResponse', async () => {
    const alerts = (await h.get('/v2/alerts', token)).body as Record<string, unknown>[];
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.flatMap((r, i) => problems(r, specSchema(spec, 'Alert'), `alerts[${i}]`))).toEqual([]);
    const res = (await h.get('/v2/activities?pageSize=1000', token)).body as Record<string, unknown>;
    expect(problems(res, specSchema(spec, 'ActivitiesResponse'), 'activities')).toEqual([]);
    const acts = res.activities as Record<string, unknown>[];
    expect(acts.flatMap((r, i) => problems(r, specSchema(spec, 'Activity'), `activities[${i}]`))).toEqual([]);
    expect(new Set(acts.map((a) => a.statusCode))).toContain('TRIGGERED');
  });

  it('serves the spec paths under /v2 and /api/v2', () => {
    for (const p of ['/v2/organizations:', '/v2/devices:', '/v2/devices-detailed:', '/v2/alerts:', '/v2/activities:']) {
      expect(spec).toContain(`\n  ${p}`);
    }
  });
});
