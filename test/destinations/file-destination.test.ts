import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { runPush } from '../../src/destinations/run-push.js';
import { testDestination } from '../../src/destinations/test-destination.js';
import { describeEachDatabase } from '../support/databases.js';
import { addDestination, createPushFixture, seedStream, setRecordStatus, updateRecords, type PushFixture } from './push-fixture.js';

const schema: StreamSchema = { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }] };

describeEachDatabase('file destination', (kind) => {
  let f: PushFixture;
  let streamId: number;
  beforeAll(async () => {
    f = await createPushFixture(kind);
    streamId = await seedStream(f.db, 'sites', schema, [{ id: 's1', name: 'One' }, { id: 's2', name: 'Two' }, { id: 's3', name: 'Three' }]);
    await addDestination(f, 'sites-csv', 'file', { stream: 'sites' });
    await addDestination(f, 'sites-delta', 'file', { stream: 'sites', format: 'ndjson', mode: 'incremental', folder: 'feeds/sites' });
  });
  afterAll(async () => f.close());

  const read = async (key: string) => text(await f.app.storage.get(key));

  it('full: the whole active stream in the export format, one file per change range, nothing when nothing changed', async () => {
    expect(await testDestination(f.app, 'sites-csv')).toMatchObject({ ok: true });
    const s = await runPush(f.app, { destination: 'sites-csv' });
    expect(s).toMatchObject({ status: 'succeeded', pushed: 3, calls: 1 });
    const files = await f.app.storage.list('exports/sites-csv/');
    expect(files).toHaveLength(1);
    const rows = parse<Record<string, string>>(await read(files[0]!.key), { columns: true });
    expect(Object.keys(rows[0] ?? {})).toEqual(['key', 'status', 'id', 'name', 'updated_at']);
    expect(rows.map((r) => r.key)).toEqual(['s1', 's2', 's3']);
    expect(await runPush(f.app, { destination: 'sites-csv' })).toMatchObject({ status: 'succeeded', pushed: 0, calls: 0 });
    expect(await f.app.storage.list('exports/sites-csv/')).toHaveLength(1);
  });

  it('incremental: only what changed since the last push, removals included', async () => {
    expect(await runPush(f.app, { destination: 'sites-delta' })).toMatchObject({ pushed: 3 });
    await updateRecords(f.db, streamId, [{ key: 's2', set: { name: 'Deux' } }]);
    await setRecordStatus(f.db, streamId, 's3', 'removed');
    const dry = await runPush(f.app, { destination: 'sites-delta', dryRun: true });
    expect(dry).toMatchObject({ status: 'planned', plan: { create: 1 } });
    expect(await runPush(f.app, { destination: 'sites-delta' })).toMatchObject({ status: 'succeeded', pushed: 2 });
    const files = await f.app.storage.list('feeds/sites/');
    expect(files).toHaveLength(2);
    const lines = (await read(files[files.length - 1]!.key)).trim().split('\n').map((l) => JSON.parse(l) as { key: string; status: string; data: { name: string } });
    expect(lines.map((l) => [l.key, l.status, l.data.name])).toEqual([['s2', 'active', 'Deux'], ['s3', 'removed', 'Three']]);
    // The full destination sees the change too: a new file without the removed record.
    await runPush(f.app, { destination: 'sites-csv' });
    const full = await f.app.storage.list('exports/sites-csv/');
    expect(parse<Record<string, string>>(await read(full[full.length - 1]!.key), { columns: true }).map((r) => r.key)).toEqual(['s1', 's2']);
  });
});
