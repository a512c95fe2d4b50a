import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';
import { parseToolRisk } from '../../src/packs/msp-dashboards/msp-settings.js';

describeEachDatabase('msp-dashboards change log (API)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  const post = (body: unknown, token = h.tokens.operator) =>
    h.server.inject({ method: 'POST', url: '/api/v1/packs/msp-dashboards/changes', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const base = { site: 'Harbor Dental', tool: 'ansible', category: 'firmware', action: 'update', summary: 'Firmware 7.0.23 → 7.0.25 on AP Lobby' };
  const count = async () => (await h.app.db.query<{ n: number }>('select count(*)::int as n from msp_logged_changes')).rows[0]!.n;

  it('logs a change with its risk, id and audit entry, and lists it', async () => {
    const r = await post({ ...base, engineer: 'kim', ticket: 'T-1', device: 'AP Lobby' });
    expect(r.statusCode, r.body).toBe(201);
    const row = r.json<Record<string, unknown>>();
    expect(row).toMatchObject({ site: 'Harbor Dental', site_id: null, risk_level: 'medium', engineer: 'kim', ticket_id: 'T-1', device: 'AP Lobby' });
    expect(row.change_id).toMatch(/^CHG-\d{6}$/);
    const audit = await h.app.db.query<{ action: string }>("select action from audit_log where action = 'change.logged'");
    expect(audit.rows.length).toBe(1);
    const list = await h.server.inject({ url: '/api/v1/packs/msp-dashboards/changes?site=Harbor%20Dental', headers: bearer(h.tokens.viewer) });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(1);
  });

  it('refuses a high-risk change without a rollback plan: 422, stable code, nothing stored', async () => {
    const before = await count();
    for (const body of [{ ...base, summary: 'Open VPN to the production network' }, { ...base, action: 'delete' }, { ...base, action: 'rollback', rollback_plan: '   ' }]) {
      const r = await post(body);
      expect(r.statusCode, r.body).toBe(422);
      expect(r.json<{ error: { code: string } }>().error.code).toBe('rollback_plan_required');
    }
    expect(await count()).toBe(before);
    const ok = await post({ ...base, summary: 'Firewall rule for the VPN', rollback_plan: 'remove rule 12' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json<{ risk_level: string }>().risk_level).toBe('high');
  });

  it('validates input (every problem at once) and permissions', async () => {
    const bad = await post({ site: '', tool: 'x' });
    expect(bad.statusCode).toBe(400);
    expect((await post(base, h.tokens.viewer)).statusCode).toBe(403);
  });

  it('reads tool defaults from the pack setting', () => {
    expect(parseToolRisk(['ansible=low', 'terraform = HIGH', 'bad', 'x=severe'])).toEqual({ ansible: 'low', terraform: 'high' });
    expect(parseToolRisk('a=critical')).toEqual({ a: 'critical' });
    expect(parseToolRisk(undefined)).toEqual({});
  });
});
