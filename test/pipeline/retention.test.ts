import { afterEach, beforeEach, expect, it } from 'vitest';
import { applyRetention } from '../../src/store/apply-retention.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('retention', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => t.drop());

  it('deletes old run log lines, keeps recent ones and all changes, and vacuums', async () => {
    const { rows } = await t.db.query<{ id: string }>(
      `insert into runs (connection_name, status) values ('c', 'succeeded') returning id`);
    const run = rows[0]!.id;
    await t.db.query(`insert into run_logs (run_id, level, message, at) values ($1::uuid, 'info', 'old', now() - interval '100 days'), ($1::uuid, 'info', 'new', now())`, [run]);
    await t.db.query(`insert into streams (name, connector, primary_key, schema, sync_mode) values ('s', 'csv', '{id}', '{"fields":[]}', 'full_snapshot')`);
    await t.db.query(`insert into changes (stream_id, key, kind, at) select id, 'k', 'created', now() - interval '400 days' from streams`);
    const r = await applyRetention(t.db, 90);
    expect(r.runLogsDeleted).toBe(1);
    expect(r.vacuumed).toBe(true);
    const left = await t.db.query<{ message: string }>('select message from run_logs');
    expect(left.rows.map((x) => x.message)).toEqual(['new']);
    const ch = await t.db.query<{ n: number }>('select count(*)::int as n from changes');
    expect(ch.rows[0]!.n).toBe(1);
  });
});
