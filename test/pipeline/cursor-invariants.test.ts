import { afterEach, beforeEach, expect, it } from 'vitest';
import { registerConnector } from '../../src/connectors/registry.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createListConnector, type ListSource } from '../support/list-connector.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const source: ListSource = { items: [], reads: 0 };
registerConnector(createListConnector('testlist', source));

describeEachDatabase('cursors never run ahead of data (invariant 2)', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind, { SLUICE_BATCH_SIZE: '100' });
    source.items = Array.from({ length: 350 }, (_, i) => ({ seq: i, id: `k${i}`, name: `n${i}` }));
    delete source.failAfter;
    await createConnection(t.app.db, t.app.secrets, { name: 'l', connector: 'testlist', config: { name: 'x' } });
  });
  afterEach(async () => t.close());

  const state = async () => (await t.app.db.query<{ state: unknown }>('select state from stream_state')).rows[0]?.state;
  const count = async (sql: string) => (await t.app.db.query<{ n: number }>(sql)).rows[0]!.n;

  it('a source failure mid-read keeps committed batches, does not move the cursor, and the rerun completes without duplicates', async () => {
    source.failAfter = 250;
    const r1 = await runSync(t.app, { connection: 'l' });
    expect(r1.status).toBe('failed');
    expect(await state()).toBeUndefined();
    expect(await count('select count(*)::int as n from records')).toBe(200); // two full batches committed, the third was in flight
    delete source.failAfter;
    const r2 = await runSync(t.app, { connection: 'l' });
    expect(r2.status).toBe('succeeded');
    expect(r2.streams.testlist_items).toMatchObject({ created: 150, unchanged: 200 });
    expect(await state()).toBe(349);
    expect(await count('select count(*)::int as n from records')).toBe(350);
    expect(await count("select count(*)::int as n from changes where kind = 'created'")).toBe(350);
    expect(await count('select count(*)::int as n from (select key from changes group by key having count(*) > 1) d')).toBe(0);
    // the next incremental run re-reads only the inclusive boundary and changes nothing
    const r3 = await runSync(t.app, { connection: 'l' });
    expect(r3.streams.testlist_items).toMatchObject({ fetched: 1, unchanged: 1, created: 0 });
  });

  it('a failure inside the batch transaction rolls back records, changes and outbox together', async () => {
    await t.app.db.exec(`create function boom() returns trigger language plpgsql as $$
      begin if new.key = 'k150' then raise exception 'disk on fire'; end if; return new; end $$;
      create trigger boom before insert on changes for each row execute function boom();`);
    const r1 = await runSync(t.app, { connection: 'l' });
    expect(r1.status).toBe('failed');
    expect(r1.errors[0]!.message).toMatch(/disk on fire/);
    expect(await count('select count(*)::int as n from records')).toBe(100);
    expect(await count('select count(*)::int as n from changes')).toBe(100);
    expect(await count('select count(*)::int as n from outbox')).toBe(100);
    expect(await state()).toBeUndefined();
    await t.app.db.exec('drop trigger boom on changes');
    const r2 = await runSync(t.app, { connection: 'l' });
    expect(r2.status).toBe('succeeded');
    expect(await count('select count(*)::int as n from records')).toBe(350);
    expect(await count('select count(*)::int as n from changes')).toBe(350);
    expect(await count('select count(*)::int as n from outbox')).toBe(350);
  });

  it('a cancelled run ends cancelled with its cursor untouched', async () => {
    const ac = new AbortController();
    const r = await runSync(t.app, {
      connection: 'l', signal: ac.signal,
      onProgress: (_s, c) => { if (c.fetched >= 100) ac.abort(); },
    });
    expect(r.status).toBe('cancelled');
    expect(await state()).toBeUndefined();
    const run = await t.app.db.query<{ status: string }>('select status from runs where id = $1::uuid', [r.run_id]);
    expect(run.rows[0]!.status).toBe('cancelled');
  });

  it('updates of nested JSON report added, removed and changed paths', async () => {
    source.items = [{ seq: 1, id: 'a', name: 'x', tags: ['p', 'q'] }];
    await runSync(t.app, { connection: 'l' });
    source.items = [{ seq: 2, id: 'a', name: 'y', tags: ['p'] }];
    await runSync(t.app, { connection: 'l' });
    const { rows } = await t.app.db.query<{ fields: unknown }>("select fields from changes where kind = 'updated'");
    expect(rows[0]!.fields).toEqual({
      seq: { op: 'changed', old: 1, new: 2 },
      name: { op: 'changed', old: 'x', new: 'y' },
      'tags[1]': { op: 'removed', old: 'q', new: null },
    });
  });
});
