import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HEADER = 'id,name,email,phone,joined,score';

describeEachDatabase('CSV sync through the pipeline', (kind) => {
  let t: TestApp;
  let file: string;
  beforeEach(async () => {
    t = await createTestApp(kind);
    file = join(t.dir, 'people.csv');
  });
  afterEach(async () => t.close());

  const add = (settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
    createConnection(t.app.db, t.app.secrets, {
      name: 'people',
      connector: 'csv',
      config: { path: file, stream: 'people', key: 'id', types: 'email:email,phone:phone,joined:date,score:integer', ...extra },
      settings,
    });
  const write = (rows: string[]) => writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  const changes = async () =>
    (await t.app.db.query<{ key: string; kind: string; fields: Record<string, { op: string; old: unknown; new: unknown }> | null }>(
      'select key, kind, fields from changes order by id')).rows;

  it('loads, normalises, and a second identical sync changes nothing', async () => {
    write(['1,Ann,ANN@Example.com ,(555) 123-4567,2024-01-05,10', '2,Bob,,+44 20 7946 0958,,7']);
    await add();
    const first = await runSync(t.app, { connection: 'people' });
    expect(first.status).toBe('succeeded');
    expect(first.streams.people).toMatchObject({ fetched: 2, valid: 2, created: 2, quarantined: 0 });
    const { rows } = await t.app.db.query<{ data: Record<string, unknown> }>("select data from records where key = '1'");
    expect(rows[0]!.data).toEqual({ id: '1', name: 'Ann', email: 'ann@example.com', phone: '+15551234567', joined: '2024-01-05', score: 10 });
    const again = await runSync(t.app, { connection: 'people' });
    expect(again.streams.people).toMatchObject({ created: 0, updated: 0, unchanged: 2, removed: 0 });
    expect(await changes()).toHaveLength(2);
    // the typed view exposes one column per field, typed
    const v = await t.app.db.query<{ score: number; joined: unknown }>('select score, joined from data.people order by _key');
    expect(Number(v.rows[0]!.score)).toBe(10);
  });

  it('quarantines bad rows with line and reason, keeps going, and ends partial (invariant 1)', async () => {
    write(['1,Ann,ann@example.com,,2024-01-05,10', '2,Bob,not-an-email,,,7', '3,Cy,,,,x', '4,Di,,,', '5,Ed,,,,1']);
    await add();
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.status).toBe('partial');
    expect(r.streams.people).toMatchObject({ fetched: 5, valid: 2, quarantined: 3, created: 2 });
    const q = await t.app.db.query<{ line: number; reasons: string[]; raw: unknown }>('select line, reasons, raw from quarantine order by line');
    expect(q.rows.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(q.rows[0]!.reasons.join()).toMatch(/email/);
    expect(q.rows[1]!.reasons.join()).toMatch(/score: not an integer/);
    expect(q.rows[2]!.reasons.join()).toMatch(/expected 6 columns, found 5/);
    expect(q.rows[0]!.raw).toMatchObject({ email: 'not-an-email' });
  });

  it('reports field-level updates and infers removals only after the grace period, then restores', async () => {
    write(['1,Ann,,,,1', '2,Bob,,,,2', '3,Cy,,,,3', '4,Di,,,,4']);
    await add({ removal_misses: 2 });
    await runSync(t.app, { connection: 'people' });
    write(['1,Ann,,,,1', '2,Robert,,,,2', '3,Cy,,,,3']);
    const r2 = await runSync(t.app, { connection: 'people' });
    expect(r2.streams.people).toMatchObject({ updated: 1, removed: 0 });
    const upd = (await changes()).find((c) => c.kind === 'updated')!;
    expect(upd.key).toBe('2');
    expect(upd.fields).toEqual({ name: { op: 'changed', old: 'Bob', new: 'Robert' } });
    const r3 = await runSync(t.app, { connection: 'people' });
    expect(r3.streams.people).toMatchObject({ removed: 1 });
    const st = await t.app.db.query<{ status: string }>("select status from records where key = '4'");
    expect(st.rows[0]!.status).toBe('removed');
    write(['1,Ann,,,,1', '2,Robert,,,,2', '3,Cy,,,,3', '4,Dina,,,,4']);
    const r4 = await runSync(t.app, { connection: 'people' });
    expect(r4.streams.people).toMatchObject({ restored: 1 });
    const restored = (await changes()).filter((c) => c.key === '4').map((c) => c.kind);
    expect(restored).toEqual(['created', 'removed', 'restored']);
    const last = (await changes()).at(-1)!;
    expect(last.fields).toEqual({ name: { op: 'changed', old: 'Di', new: 'Dina' } });
    const outbox = await t.app.db.query<{ n: number }>('select count(*)::int as n from outbox');
    expect(outbox.rows[0]!.n).toBe((await changes()).length);
  });

  it('a stored record whose new version is quarantined is kept, not inferred removed', async () => {
    write(['1,Ann,ann@example.com,,,1', '2,Bob,bob@example.com,,,2']);
    await add();
    await runSync(t.app, { connection: 'people' });
    write(['1,Ann,ann@example.com,,,1', '2,Bob,not-an-email,,,2']);
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.streams.people).toMatchObject({ quarantined: 1, removed: 0 });
    const { rows } = await t.app.db.query<{ status: string; data: { email: string } }>("select status, data from records where key = '2'");
    expect(rows[0]).toMatchObject({ status: 'active', data: { email: 'bob@example.com' } });
  });

  it('the mass-removal guard removes nothing and flags the run (invariant 3)', async () => {
    write(['1,A,,,,1', '2,B,,,,2', '3,C,,,,3', '4,D,,,,4']);
    await add({ max_removal_share: 0.5, removal_guard_min: 0 });
    await runSync(t.app, { connection: 'people' });
    write(['1,A,,,,1']);
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.streams.people!.removed).toBe(0);
    expect(r.status).toBe('partial');
    expect(r.flags.join()).toMatch(/mass_removal_guard: 3 of 4/);
    const act = await t.app.db.query<{ n: number }>("select count(*)::int as n from records where status = 'active'");
    expect(act.rows[0]!.n).toBe(4);
  });

  it('never blocks removals at or below the guard minimum (tiny streams)', async () => {
    write(['1,A,,,,1', '2,B,,,,2', '3,C,,,,3']);
    await add({ max_removal_share: 0.5, removal_guard_min: 2 });
    await runSync(t.app, { connection: 'people' });
    write(['1,A,,,,1']);
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.streams.people!.removed).toBe(2);
    expect(r.status).toBe('succeeded');
  });

  it('reads Latin-1, semicolons, BOM, quoted newlines and renamed headers', async () => {
    const text = '\uFEFFCode;Full Name;Note\n"a1";"Zoë Müller";"line one\nline two"\n"a2";"José";""\n';
    writeFileSync(file, iconv.encode(text.replace('\uFEFF', ''), 'latin1'));
    await createConnection(t.app.db, t.app.secrets, {
      name: 'people', connector: 'csv',
      config: { path: file, stream: 'people', key: 'code', delimiter: ';', encoding: 'latin1', columns: 'Code:code,Full Name:name' },
    });
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.streams.people).toMatchObject({ valid: 2, quarantined: 0 });
    const { rows } = await t.app.db.query<{ data: Record<string, unknown> }>("select data from records where key = 'a1'");
    expect(rows[0]!.data).toEqual({ code: 'a1', name: 'Zoë Müller', Note: 'line one\nline two' });
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Code;Full Name;Note\nb1;Ann;x\n')]));
    await t.app.db.query("update connections set config = config || '{\"encoding\":\"utf-8\"}'::jsonb");
    const r2 = await runSync(t.app, { connection: 'people' });
    expect(r2.streams.people).toMatchObject({ created: 1, quarantined: 0 });
  });
});
