import { afterAll, beforeAll, expect, it } from 'vitest';
import { rosterGenerator } from '../../bench/resolve-eval/roster-generator.js';
import { labelledRecords } from '../../bench/resolve-eval/evaluate.js';
import { ingestResolvableRecords } from '../../src/resolve/store/resolution-record-store.js';
import { resolveEntities } from '../../src/resolve/store/resolve-entities.js';
import { decideReview, listReviews } from '../../src/resolve/store/review-decisions.js';
import { reviewDetail } from '../../src/resolve/store/review-detail.js';
import { agentRules } from '../../src/resolve/rules/agent.rules.js';
import type { Database } from '../../src/store/database.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

const SOURCES = ['company_info_raw', 'new_agents'];

async function assignment(db: Database): Promise<Map<string, string>> {
  const { rows } = await db.query<{ record_id: string; entity_id: string }>(
    `select record_id, entity_id from resolution_records where entity_type = 'agent'`,
  );
  return new Map(rows.map((r) => [r.record_id, r.entity_id]));
}

describeEachDatabase('review decisions are binding', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  }, 60_000);
  afterAll(async () => {
    await t.drop();
  });

  it('answering the whole queue once is enough: later runs, incremental or full, ask nothing again and keep every verdict', async () => {
    const set = rosterGenerator.generate(400, 4242);
    const records = labelledRecords(set);
    const same = (a: string, b: string) => set.truth.get(a) === set.truth.get(b);
    await ingestResolvableRecords(t.db, agentRules, SOURCES, records);
    await resolveEntities(t.db, agentRules);
    const verdicts = new Map<string, boolean>();
    // A person who knows the truth answers until nothing is left (a decision can surface a follow-up question).
    for (let round = 0; round < 5; round++) {
      const open = await listReviews(t.db, 'agent', 'open', 1_000);
      if (open.length === 0) break;
      for (const item of open) {
        const d = await reviewDetail(t.db, Number(item.id));
        expect(d.records.every((r) => r !== null)).toBe(true);
        expect(d.evidence.for.length + d.evidence.against.length).toBeGreaterThan(0);
        const yes = same(item.record_a, item.record_b);
        verdicts.set(`${item.record_a}|${item.record_b}`, yes);
        await decideReview(t.db, Number(item.id), yes ? 'approve' : 'reject', 'oracle');
      }
      await resolveEntities(t.db, agentRules);
    }
    expect(verdicts.size).toBeGreaterThan(0);
    expect(await listReviews(t.db, 'agent')).toEqual([]);
    for (const full of [false, true]) {
      // The sources say it all again (new observation time): nothing is asked twice, every verdict holds.
      await ingestResolvableRecords(t.db, agentRules, SOURCES, records.map((r) => ({ ...r, observedAt: '2026-12-01T00:00:00.000Z' })));
      await resolveEntities(t.db, agentRules, { full });
      expect(await listReviews(t.db, 'agent')).toEqual([]);
      const now = await assignment(t.db);
      for (const [k, yes] of verdicts) {
        const [a, b] = k.split('|') as [string, string];
        expect(now.get(a) === now.get(b)).toBe(yes);
      }
    }
  }, 300_000);
});
