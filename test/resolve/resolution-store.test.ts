import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentRecord, expandCompanyRow } from '../../src/packs/agents/expand-members.js';
import { generateAgentData } from '../../src/packs/agents/generate-agent-data.js';
import { ingestResolvableRecords } from '../../src/resolve/store/resolution-record-store.js';
import { listResolutionRuns } from '../../src/resolve/store/resolution-run-log.js';
import { resolveEntities } from '../../src/resolve/store/resolve-entities.js';
import { decideReview, listReviews, splitRecord } from '../../src/resolve/store/review-decisions.js';
import { identifierKey } from '../../src/resolve/prepared-record.js';
import { resolveRecords } from '../../src/resolve/resolve-records.js';
import type { ResolvableRecord } from '../../src/resolve/resolve-types.js';
import { agentRules } from '../../src/resolve/rules/agent.rules.js';
import type { Database } from '../../src/store/database.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { rec } from './fixtures.js';

const SOURCES = ['company_info_raw', 'new_agents'];

function generated(members: number, seed: number): ResolvableRecord[] {
  const d = generateAgentData({ members, seed });
  const at = '2026-11-01T00:00:00.000Z';
  return [
    ...d.companyRows.flatMap((row) => expandCompanyRow({ key: row.research_uuid!, data: row, observedAt: at }, 'US').records),
    ...d.agentRows.flatMap((row) => agentRecord({ key: row.supabase_uuid!, data: row, observedAt: at }, 'US').records),
  ];
}

async function partition(db: Database): Promise<string[][]> {
  const { rows } = await db.query<{ members: string[] }>(
    `select array_agg(record_id order by record_id) as members from resolution_records where entity_type = 'agent'
      group by entity_id order by 1`,
  );
  return rows.map((r) => r.members);
}

async function entityOf(db: Database, id: string): Promise<string | null> {
  const { rows } = await db.query<{ entity_id: string | null }>(
    `select entity_id from resolution_records where entity_type = 'agent' and record_id = $1`, [id]);
  return rows[0]?.entity_id ?? null;
}

describeEachDatabase('resolution storage', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await t.drop();
  });

  it('incremental runs over growing and changing snapshots give the same clusters as a full rebuild', async () => {
    const all = generated(400, 11);
    const third = Math.floor(all.length / 3);
    await ingestResolvableRecords(t.db, agentRules, SOURCES, all.slice(0, third));
    const first = await resolveEntities(t.db, agentRules);
    expect(first.mode).toBe('incremental');
    expect(first.records_processed).toBe(third);
    // Second snapshot: more records, one renamed, one gone.
    const second = all.slice(0, 2 * third).map((r, i) => (i === 3 ? { ...r, name: 'Zed Quux', emails: [], phones: [] } : r)).filter((_, i) => i !== 5);
    const s2 = await ingestResolvableRecords(t.db, agentRules, SOURCES, second);
    expect(s2).toMatchObject({ created: third, updated: 1, removed: 1 });
    const inc2 = await resolveEntities(t.db, agentRules);
    expect(inc2.records_processed).toBeLessThan(second.length);
    await ingestResolvableRecords(t.db, agentRules, SOURCES, all);
    await resolveEntities(t.db, agentRules);
    const incremental = await partition(t.db);
    const full = await resolveEntities(t.db, agentRules, { full: true });
    expect(full.records_processed).toBe(all.length);
    expect(await partition(t.db)).toEqual(incremental);
    // …and both equal the pure engine over the final data.
    const engine = resolveRecords(all, [], agentRules).clusters.map((c) => [...c.members]).sort();
    expect(incremental.map((m) => [...m].sort()).sort()).toEqual(engine);
    // The candidate lookup SQL users get: records sharing a blocking key.
    const withEmail = all.find((r) => r.emails.length > 0)!;
    const { rows: cands } = await t.db.query<{ id: string }>('select resolution_candidates($1, $2::text[]) as id', [
      'agent', [identifierKey(withEmail.scope, 'e', withEmail.emails[0]!)],
    ]);
    expect(cands.map((c) => c.id).sort()).toEqual(
      all.filter((r) => r.scope === withEmail.scope && r.emails.includes(withEmail.emails[0]!)).map((r) => r.id).sort(),
    );
    // Nothing changed: a rerun touches nothing.
    const idle = await resolveEntities(t.db, agentRules);
    expect(idle.records_processed).toBe(0);
  }, 120_000);

  it('human decisions win over every later run, incremental or full', async () => {
    const type = 'agent';
    const base = [
      rec({ id: 'hd:1', name: 'Katherine Johnson', scope: 'hd-team' }),
      rec({ id: 'hd:2', name: 'Katherine Jonhson', scope: 'hd-team' }),
      rec({ id: 'hd:3', name: 'Pat Kim', emails: ['pk@hd.com'], scope: 'hd-team' }),
      rec({ id: 'hd:4', name: 'Pat Kim', emails: ['pk@hd.com'], scope: 'hd-team' }),
      rec({ id: 'hd:5', name: 'Lee Park', emails: ['lee@hd.com'], scope: 'hd-team' }),
      rec({ id: 'hd:6', name: 'Lee Park', phones: ['+15550101010'], emails: ['lee@hd.com'], scope: 'hd-team' }),
    ].map((r) => ({ ...r, source: 'src' }));
    await ingestResolvableRecords(t.db, agentRules, ['src'], base);
    await resolveEntities(t.db, agentRules);
    const open = (await listReviews(t.db, type)).filter((r) => r.record_a.startsWith('hd:'));
    expect(open.map((r) => [r.record_a, r.record_b])).toEqual([['hd:1', 'hd:2']]);
    expect(await entityOf(t.db, 'hd:3')).toBe(await entityOf(t.db, 'hd:4'));

    await decideReview(t.db, open[0]!.id, 'approve', 'tester');
    const e5 = (await entityOf(t.db, 'hd:5'))!;
    await splitRecord(t.db, type, e5, 'hd:6', 'tester');
    await t.db.query(`insert into resolution_decisions (entity_type, kind, record_a, record_b, actor) values ('agent', 'reject', 'hd:3', 'hd:4', 'tester')`);
    await t.db.query(`update resolution_records set dirty = true where record_id in ('hd:3', 'hd:4')`);
    for (const full of [false, true, false]) {
      // Touch the records again between runs: the decisions must hold whatever the sources say.
      await ingestResolvableRecords(t.db, agentRules, ['src'], base.map((r) => ({ ...r, observedAt: full ? '2026-06-01T00:00:00.000Z' : r.observedAt })));
      await resolveEntities(t.db, agentRules, { full });
      expect(await entityOf(t.db, 'hd:1')).toBe(await entityOf(t.db, 'hd:2'));
      expect(await entityOf(t.db, 'hd:3')).not.toBe(await entityOf(t.db, 'hd:4'));
      expect(await entityOf(t.db, 'hd:5')).not.toBe(await entityOf(t.db, 'hd:6'));
      const again = (await listReviews(t.db, type)).filter((r) => r.record_a.startsWith('hd:'));
      expect(again).toEqual([]);
    }
  }, 60_000);

  it('a failed run keeps its merge log with the error, and the next run succeeds', async () => {
    await ingestResolvableRecords(t.db, agentRules, ['fail'], [{ ...rec({ name: 'Ada Byron', scope: 'f' }), source: 'fail' }]);
    await t.db.exec('alter table entities rename to entities_moved');
    await expect(resolveEntities(t.db, agentRules)).rejects.toThrow();
    await t.db.exec('alter table entities_moved rename to entities');
    const [failed] = await listResolutionRuns(t.db, 'agent', 1);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.finished_at).not.toBeNull();
    expect(failed!.error?.message).toMatch(/entities/);
    const ok = await resolveEntities(t.db, agentRules);
    expect(ok.records_processed).toBeGreaterThan(0);
    const [last] = await listResolutionRuns(t.db, 'agent', 1);
    expect(last).toMatchObject({ status: 'succeeded', records_processed: ok.records_processed, new_entities: ok.new_entities });
  }, 60_000);
});
