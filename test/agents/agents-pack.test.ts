import { afterAll, beforeAll, expect, it } from 'vitest';
import { installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { handData, writeData } from './agents-harness.js';

const member = (name: string, email: string, phone = '') => ({ name, email, phone, title: 'Agent' });

describeEachDatabase('the agents pack on the packs framework', (kind) => {
  let t: TestApp;
  let dir: string;
  const stream = async (name: string) => (await t.app.db.query<{ key: string; data: Record<string, unknown>; status: string }>(
    `select r.key, r.data, r.status from records r join streams s on s.id = r.stream_id where s.name = $1 order by r.key`, [name],
  )).rows;

  beforeAll(async () => {
    dir = writeData(handData(
      [{ research_uuid: 'c1', team_id: 'team-1', team_members: JSON.stringify([member('Robert Smith', 'bob@smith.com'), member('Ann Lee', 'N/A', '212-555-0101 x12')]) }],
      [{ supabase_uuid: 'a1', full_name: 'Bob Smith', email: 'bob@smith.com', team_id: 'team-1' },
        { supabase_uuid: 'a2', full_name: 'Kim Park', email: 'kim@park.com', team_id: 'team-1' }],
    ));
    t = await createTestApp(kind);
    const r = await installPack(t.app, 'agents', { set: { 'files.dir': dir } });
    expect(r.status).toBe('installed');
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('loads both files, resolves people within the team and publishes master_agents as a change-tracked stream', async () => {
    const run = await runPack(t.app, 'agents');
    expect(run.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(run.steps.map((s) => s.kind)).toEqual(['sync', 'sync', 'resolve', 'resolve', 'model']);
    const { rows: members } = await t.app.db.query<{ id: string; member_name: string; email_normalized: string[]; phone_normalized: string[]; agent_id: string }>(
      'select id, member_name, email_normalized, phone_normalized, agent_id::text from unified_company_member order by id');
    expect(members.map((m) => m.id)).toEqual(['company_info_raw:c1#0', 'company_info_raw:c1#1']);
    // The placeholder is no address; the office line keeps its extension.
    expect(members[1]).toMatchObject({ member_name: 'Ann Lee', email_normalized: [], phone_normalized: ['+12125550101;ext=12'] });
    const masters = await stream('master_agents');
    // Robert Smith (team page) and Bob Smith (agent list) share an address: one person. Ann Lee and Kim Park: two more.
    expect(masters).toHaveLength(3);
    const bob = masters.find((m) => (m.data.emails as string[]).includes('bob@smith.com'))!;
    expect(bob.data).toMatchObject({ member_count: 2, match_tier: 'email', source_team_id: 'team-1', confidence_score: 100 });
    expect(members[0]!.agent_id).toBe(bob.key);
  });

  it('a second run with unchanged files changes nothing downstream', async () => {
    const before = (await t.app.db.query<{ n: number }>('select count(*)::int as n from changes')).rows[0]!.n;
    const run = await runPack(t.app, 'agents');
    expect(run.steps.filter((s) => s.status === 'failed')).toEqual([]);
    const after = (await t.app.db.query<{ n: number }>('select count(*)::int as n from changes')).rows[0]!.n;
    expect(after).toBe(before);
    expect(await stream('master_agents')).toHaveLength(3);
  });
});

describeEachDatabase('the agents pack from the sandbox', (kind) => {
  it('with --sandbox (and only then) it runs on the bundled sample', async () => {
    const t = await createTestApp(kind);
    try {
      const r = await installPack(t.app, 'agents', { sandbox: { url: 'http://127.0.0.1:9', credentials: {} } });
      expect(r.status).toBe('installed');
      const run = await runPack(t.app, 'agents');
      expect(run.steps.filter((s) => s.status === 'failed')).toEqual([]);
      const { rows } = await t.app.db.query<{ n: number }>(
        `select count(*)::int as n from records r join streams s on s.id = r.stream_id where s.name = 'master_agents'`);
      expect(rows[0]!.n).toBeGreaterThan(100);
    } finally {
      await t.close();
    }
  }, 300_000);

  it('without files.dir nothing is loaded: the pack waits for the setting', async () => {
    const t = await createTestApp(kind);
    try {
      const r = await installPack(t.app, 'agents');
      expect(r.status).toBe('needs_credentials');
      expect(r.missing).toContain('files.dir');
    } finally {
      await t.close();
    }
  }, 120_000);
});

