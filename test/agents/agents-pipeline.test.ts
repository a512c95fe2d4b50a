import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/main/app-context.js';
import { generateAgentData } from '../../src/packs/agents/generate-agent-data.js';
import { resolveEntities } from '../../src/resolve/store/resolve-entities.js';
import { splitRecord } from '../../src/resolve/store/review-decisions.js';
import { agentRules } from '../../src/resolve/rules/agent.rules.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { appFor, deploy, handData, tempDir, writeData } from './agents-harness.js';

describeEachDatabase('agents pipeline', (kind) => {
  let t: TestDatabase;
  let app: AppContext;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    app = await appFor(t.db);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  it('deploys generated data into master agents that score well against the labels, and reruns idle', async () => {
    const data = generateAgentData({ members: 300, seed: 5 });
    const dir = writeData(data);
    const report = await deploy(app, dir);
    expect(report.status).toBe('succeeded');
    expect(report.verification?.ok).toBe(true);
    expect(report.steps.map((s) => [s.name, s.status])).toEqual([
      ['migrate', 'succeeded'], ['verify', 'succeeded'], ['load_csv', 'succeeded'], ['unified_members', 'succeeded'], ['resolve_agents', 'succeeded'],
    ]);
    // Every agent row is a member of some master, matched or not.
    const { rows: orphans } = await t.db.query(`select 1 from resolution_records where source = 'new_agents' and entity_id is null`);
    expect(orphans).toHaveLength(0);
    const { rows: agents } = await t.db.query(`select count(*)::int as n from resolution_records where source = 'new_agents'`);
    expect(agents[0]).toEqual({ n: data.agentRows.length });
    // Pairwise F1 against the generator's labels.
    const { rows } = await t.db.query<{ record_id: string; entity_id: string }>(`select record_id, entity_id from resolution_records`);
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < rows.length; i++) {
      for (let j = i + 1; j < rows.length; j++) {
        const same = data.truth.get(rows[i]!.record_id) === data.truth.get(rows[j]!.record_id);
        const merged = rows[i]!.entity_id === rows[j]!.entity_id;
        if (same && merged) tp++;
        else if (merged) fp++;
        else if (same) fn++;
      }
    }
    expect(tp / (tp + fp)).toBeGreaterThan(0.98);
    expect((2 * tp) / (2 * tp + fp + fn)).toBeGreaterThan(0.9);
    const q = report.data_quality!;
    expect(q.master_agents).toBe(new Set(rows.map((r) => r.entity_id)).size);
    expect(Object.values(q.confidence_distribution).reduce((a, b) => a + b, 0)).toBe(q.master_agents);
    expect(q.last_merge_log).toMatchObject({ status: 'succeeded', total_processed: rows.length });

    const again = await deploy(app, dir);
    expect(again.steps.find((s) => s.name === 'resolve_agents')?.counts).toMatchObject({ records_processed: 0, merged: 0, new_entities: 0 });
    const { rows: after } = await t.db.query<{ record_id: string; entity_id: string }>(`select record_id, entity_id from resolution_records`);
    expect(new Map(after.map((r) => [r.record_id, r.entity_id]))).toEqual(new Map(rows.map((r) => [r.record_id, r.entity_id])));
  }, 120_000);

  it('keeps one person in two teams apart, keeps agents without a member, and quarantines bad rows with line numbers', async () => {
    const member = (name: string, email: string, phone = '') => ({ name, email, phone, title: 'Agent' });
    const data = handData(
      [
        { research_uuid: 'c1', team_id: 'T1', team_members: JSON.stringify([member('Ada Lovelace', 'ADA@calc.org; ada@calc.org', '(212) 555-0100 ext. 7')]) },
        { research_uuid: 'c2', team_id: 'T2', team_members: JSON.stringify([member('Ada Lovelace', 'ada@calc.org')]) },
        { research_uuid: 'c3', team_id: 'T1', team_members: '[{"name": "broken' },
      ],
      [
        { supabase_uuid: 'a1', full_name: 'Ada Lovelace', email: 'mailto:ada@calc.org', team_id: 'T1' },
        { supabase_uuid: 'a2', first_name: 'Grace', last_name: 'Hopper', phone: '212.555.0199', team_id: 'T1' },
      ],
    );
    const dir = writeData(data);
    appendFileSync(join(dir, 'raw_company_info.csv'), 'c4,T1,only three columns\n');
    const report = await deploy(app, dir);
    expect(report.status).toBe('succeeded');
    // Broken team_members JSON is caught when the file is read (the json field type parses), with its line number.
    expect(report.warnings.join(' ')).toMatch(/company_info_raw: 2 row\(s\) quarantined/);
    const { rows: q } = await t.db.query<{ line: number | null; position: string | null; reasons: string[] }>(
      `select q.line, q.position, q.reasons from quarantine q join streams s on s.id = q.stream_id
        where s.name = 'company_info_raw' order by q.id`,
    );
    expect(q.find((r) => r.line === 5)?.reasons.join(' ')).toMatch(/columns/);
    expect(q.find((r) => r.line === 4)?.reasons.join(' ')).toMatch(/team_members: not valid JSON/);
    const { rows } = await t.db.query<{ record_id: string; entity_id: string; emails: string[]; phones: string[] }>(
      `select record_id, entity_id, emails, phones from resolution_records where record_id in
         ('company_info_raw:c1#0', 'company_info_raw:c2#0', 'new_agents:a1', 'new_agents:a2') order by record_id`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.record_id, r]));
    expect(by['company_info_raw:c1#0']).toMatchObject({ emails: ['ada@calc.org'], phones: ['+12125550100;ext=7'] });
    expect(by['company_info_raw:c1#0']!.entity_id).toBe(by['new_agents:a1']!.entity_id);
    expect(by['company_info_raw:c2#0']!.entity_id).not.toBe(by['company_info_raw:c1#0']!.entity_id);
    const { rows: grace } = await t.db.query(`select full_name, phone_numbers, member_count from master_agents where agent_id = $1`, [by['new_agents:a2']!.entity_id]);
    expect(grace[0]).toEqual({ full_name: 'Grace Hopper', phone_numbers: ['+12125550199'], member_count: 1 });
    // The merge is in the agent's change history, and so is a split.
    const history = async (key: string) =>
      (await t.db.query<{ kind: string; fields: Record<string, { old: unknown; new: unknown }> }>(
        `select c.kind, c.fields from changes c join streams s on s.id = c.stream_id
          where s.name = 'new_agents' and c.key = $1 and c.kind in ('merged', 'split') order by c.id`, [key])).rows;
    expect(await history('a1')).toEqual([
      { kind: 'merged', fields: { entity_id: { op: 'add', old: null, new: by['new_agents:a1']!.entity_id }, members: { op: 'add', old: null, new: ['company_info_raw:c1#0'] } } },
    ]);
    await splitRecord(t.db, 'agent', by['new_agents:a1']!.entity_id, 'new_agents:a1', 'tester');
    await resolveEntities(t.db, agentRules);
    expect((await history('a1')).at(-1)).toMatchObject({ kind: 'split', fields: { members: { old: ['company_info_raw:c1#0'] } } });
  }, 60_000);

  it('re-resolves only what changed and still equals a full rebuild', async () => {
    const data = generateAgentData({ members: 200, seed: 9 });
    const dir = writeData(data);
    await deploy(app, dir);
    // Edit one agent's email and append a new agent to the CSV.
    const file = join(dir, 'new_agents.csv');
    const text = readFileSync(file, 'utf8').split('\n');
    text[1] = text[1]!.replace(/,[^,@]*@[^,]*,/, ',changed.person@new.example,');
    writeFileSync(file, text.join('\n'));
    appendFileSync(file, `zz-new,Brand New,,,brand@new.example,,${data.agentRows[0]!.team_id},,,,,,2026-11-01T00:00:00.000Z\n`);
    const report = await deploy(app, dir, { mode: 'data-only' });
    const counts = report.steps.find((s) => s.name === 'resolve_agents')?.counts as { records_processed: number };
    expect(report.steps.find((s) => s.name === 'unified_members')?.counts).toMatchObject({ resolution_records: { created: 1, updated: 1 } });
    expect(counts.records_processed).toBeGreaterThan(0);
    const { rows: total } = await t.db.query<{ n: number }>(`select count(*)::int as n from resolution_records`);
    expect(counts.records_processed).toBeLessThan(total[0]!.n);
    const partition = async () =>
      (await t.db.query<{ m: string[] }>(`select array_agg(record_id order by record_id) as m from resolution_records group by entity_id order by 1`)).rows.map((r) => r.m);
    const incremental = await partition();
    await resolveEntities(t.db, agentRules, { full: true });
    expect(await partition()).toEqual(incremental);
  }, 120_000);

  it('fails with a report when the CSVs are missing', async () => {
    const report = await deploy(app, tempDir());
    expect(report.status).toBe('failed');
    expect(report.steps.find((s) => s.name === 'load_csv')).toMatchObject({ status: 'failed' });
    expect(report.error?.message).toMatch(/raw_company_info\.csv/);
  }, 60_000);
});
