import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { boundedMemo } from '../../src/core/bounded-memo.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

it('boundedMemo computes each input once and keeps at most its bound', () => {
  let calls = 0;
  const m = boundedMemo((s: string) => {
    calls++;
    return s.length;
  }, 2);
  expect([m('a'), m('bb'), m('a'), m('ccc'), m('bb')]).toEqual([1, 2, 1, 3, 2]);
  // 'bb' was the least recently used when 'ccc' arrived, so it is computed again; 'a' stayed cached.
  expect(calls).toBe(4);
});

describeEachDatabase('bulk ingest (COPY staging, batch unchanged skip, read/write overlap)', (kind) => {
  let t: TestApp;
  let file: string;
  beforeEach(async () => {
    // Batches of 100 rows (the smallest allowed): a 250-row file is three batches, each written while the next is read.
    t = await createTestApp(kind, { SLUICE_BATCH_SIZE: '100' });
    file = join(t.dir, 'items.csv');
  });
  afterEach(async () => t.close());

  const rows = (n: number, tag = '') =>
    Array.from({ length: n }, (_, i) => `${i},"Item\t${i}${tag} with \\ back\\slash and ""quotes""","line one\nline two",+1 555 010 ${String(i % 3).padStart(4, '0')}`);
  const write = (lines: string[]) => writeFileSync(file, ['id,name,notes,phone', ...lines].join('\n') + '\n');
  const add = () =>
    createConnection(t.app.db, t.app.secrets, { name: 'items', connector: 'csv', config: { path: file, stream: 'items', key: 'id', types: 'phone:phone' } });
  const counts = async () =>
    (await t.app.db.query<{ records: number; changes: number; outbox: number; created: number }>(
      `select (select count(*)::int from records) as records, (select count(*)::int from changes) as changes,
              (select count(*)::int from outbox) as outbox,
              (select count(distinct key)::int from changes where kind = 'created') as created`)).rows[0]!;

  it('loads tabs, newlines, backslashes and quotes exactly; an identical re-sync writes nothing; one change is one update', async () => {
    write(rows(250));
    await add();
    const first = await runSync(t.app, { connection: 'items' });
    expect(first.streams.items).toMatchObject({ fetched: 250, created: 250, quarantined: 0 });
    const { rows: stored } = await t.app.db.query<{ data: Record<string, unknown> }>("select data from records where key = '7'");
    expect(stored[0]!.data).toEqual({ id: '7', name: 'Item\t7 with \\ back\\slash and "quotes"', notes: 'line one\nline two', phone: '+15550100001' });
    expect(await counts()).toEqual({ records: 250, changes: 250, outbox: 250, created: 250 });

    const before = (await t.app.db.query<{ x: string }>('select max(xmin::text::bigint)::text as x from records')).rows[0]!.x;
    const again = await runSync(t.app, { connection: 'items' });
    expect(again.streams.items).toMatchObject({ fetched: 250, unchanged: 250, created: 0, updated: 0, removed: 0 });
    const after = (await t.app.db.query<{ x: string }>('select max(xmin::text::bigint)::text as x from records')).rows[0]!.x;
    expect(after).toBe(before); // no record row was rewritten
    expect(await counts()).toEqual({ records: 250, changes: 250, outbox: 250, created: 250 });

    const changed = rows(250);
    changed[20] = changed[20]!.replace('Item\t20', 'Item\t20 renamed');
    write(changed.slice(0, 249)); // row 249 dropped: the snapshot no longer lists it, so the count finds it missing
    const third = await runSync(t.app, { connection: 'items' });
    expect(third.streams.items).toMatchObject({ updated: 1, unchanged: 248, created: 0, removed: 1 });
    const c = await t.app.db.query<{ key: string; kind: string }>("select key, kind from changes where kind <> 'created' order by id");
    expect(c.rows).toEqual([{ key: '20', kind: 'updated' }, { key: '249', kind: 'removed' }]);
  });

  it('a key listed in consecutive batches ends with its last version, created exactly once', async () => {
    // Key 3 appears in the first batch and again in the third, with new content: the later row wins.
    const lines = rows(250);
    lines.push('3,"Item 3 again","later",');
    write(lines);
    await add();
    const r = await runSync(t.app, { connection: 'items' });
    expect(r.status).toBe('succeeded');
    const { rows: stored } = await t.app.db.query<{ data: Record<string, unknown> }>("select data from records where key = '3'");
    expect(stored[0]!.data).toMatchObject({ name: 'Item 3 again', notes: 'later' });
    expect(await counts()).toMatchObject({ records: 250, created: 250 });
    // The same file again: the in-flight first batch and the second batch do not skip each other's key.
    const again = await runSync(t.app, { connection: 'items' });
    expect(again.status).toBe('succeeded');
    const { rows: still } = await t.app.db.query<{ data: Record<string, unknown> }>("select data from records where key = '3'");
    expect(still[0]!.data).toMatchObject({ name: 'Item 3 again' });
    const outbox = await t.app.db.query<{ n: number }>('select count(*)::int as n from outbox o join changes c on c.id = o.change_id');
    expect(outbox.rows[0]!.n).toBe((await counts()).changes);
  });
  it('removals are inferred from the seen keys held in the database, which are dropped after the run; lost seen keys infer nothing', async () => {
    const seenRows = async () => (await t.app.db.query<{ n: number }>('select count(*)::int as n from run_seen_keys')).rows[0]!.n;
    write(rows(250));
    await add();
    await runSync(t.app, { connection: 'items' });
    expect(await seenRows()).toBe(0);
    // Unchanged keys (noted by the compare), a changed key and a new one (noted with their batch's write) are all seen.
    const next = rows(250).filter((_, i) => i !== 120);
    next[5] = next[5]!.replace('Item\t5', 'Item\t5 changed');
    next.push('900,"new",,');
    write(next);
    const r = await runSync(t.app, { connection: 'items' });
    expect(r.streams.items).toMatchObject({ updated: 1, created: 1, removed: 1, unchanged: 248 });
    const removed = await t.app.db.query<{ key: string }>("select key from records where status = 'removed'");
    expect(removed.rows).toEqual([{ key: '120' }]);
    expect(await seenRows()).toBe(0);
    // Seen keys deleted under the run (a run taken for dead by another process): no removal, a flag says why.
    // 150 rows = two batches; the first (one changed row) is written, and its progress report deletes the seen keys.
    const few = rows(150);
    few[0] = few[0]!.replace('Item\t0', 'Item\t0 changed');
    write(few);
    const lost = await runSync(t.app, {
      connection: 'items',
      onProgress: () => void t.app.db.query('delete from run_seen_keys').catch(() => undefined),
    });
    expect(lost.streams.items?.removed).toBe(0);
    expect(lost.flags.join()).toMatch(/removal_skipped/);
    const active = await t.app.db.query<{ n: number }>("select count(*)::int as n from records where status = 'active'");
    expect(active.rows[0]!.n).toBe(251); // the 250 of before and key 120, listed again (restored); none removed
  });
  it('validation in worker threads (PostgreSQL) stores exactly what inline validation stores, bad rows quarantined', async () => {
    const lines = Array.from({ length: 1_200 }, (_, i) => `${i},"Item ${i}",x,${i % 97 === 0 ? 'not a phone' : `+1 555 010 ${String(i).padStart(4, '0')}`}`);
    lines[10] = ',"no key",x,';
    write(lines);
    const stored = async (env: Record<string, string>) => {
      const app = await createTestApp(kind, { SLUICE_BATCH_SIZE: '1000', ...env });
      try {
        await createConnection(app.app.db, app.app.secrets, { name: 'items', connector: 'csv', config: { path: file, stream: 'items', key: 'id', types: 'phone:phone' } });
        const r = await runSync(app.app, { connection: 'items' });
        const recs = await app.app.db.query<{ key: string; data: unknown; hash: string }>('select key, data, hash from records order by key');
        const q = await app.app.db.query<{ line: number; reasons: string[] }>('select line, reasons from quarantine order by line');
        return { counts: r.streams.items, records: recs.rows, quarantine: q.rows };
      } finally {
        await app.close();
      }
    };
    const pooled = await stored({ SLUICE_VALIDATE_THREADS: '1' });
    const inline = await stored({ SLUICE_VALIDATE_THREADS: '0' });
    expect(pooled.counts).toMatchObject({ fetched: 1_200, created: 1_199, quarantined: 1 });
    expect(pooled.quarantine).toEqual([{ line: 12, reasons: ['id: required'] }]);
    expect(pooled).toEqual(inline);
  });
});
