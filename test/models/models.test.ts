import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { registerModelTransform } from '../../src/models/model-transforms.js';
import { getModel, listModels, removeModel, saveModel } from '../../src/models/model-store.js';
import { refreshModel, refreshModels } from '../../src/models/refresh-model.js';
import { createDestination } from '../../src/destinations/destination-store.js';
import type { JobKind, JobPayloads } from '../../src/jobs/job-kinds.js';
import { createSluiceJobHandlers } from '../../src/jobs/sluice-job-handlers.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const HEADER = 'id,name,country,employees';

registerModelTransform('test.size_band', (rows) =>
  rows.map((r) => ({ ...r, band: Number(r.employees) >= 100 ? 'large' : 'small' })),
);

const byCountry = {
  name: 'people_by_country',
  inputs: ['people'],
  sql: `select country, count(*)::int as people, sum(employees)::int as employees from data.people where _status = 'active' group by country`,
  primaryKey: ['country'],
  schema: { fields: [{ name: 'country', type: 'string' as const, required: true }, { name: 'people', type: 'integer' as const }, { name: 'employees', type: 'integer' as const }] },
};

describeEachDatabase('models', (kind) => {
  let t: TestApp;
  let file: string;
  beforeEach(async () => {
    t = await createTestApp(kind);
    file = join(t.dir, 'people.csv');
  });
  afterEach(async () => t.close());

  const write = (rows: string[]) => writeFileSync(file, [HEADER, ...rows].join('\n') + '\n');
  const sync = async () => {
    const r = await runSync(t.app, { connection: 'people' });
    expect(r.status).toBe('succeeded');
    return r;
  };
  const setup = async () => {
    write(['1,Ann,FR,10', '2,Bob,FR,20', '3,Cy,DE,300']);
    await createConnection(t.app.db, t.app.secrets, {
      name: 'people', connector: 'csv', config: { path: file, stream: 'people', key: 'id', types: 'employees:integer' },
    });
    await sync();
  };
  const rowsOf = async (stream: string) =>
    (await t.app.db.query<{ key: string; status: string; data: Record<string, unknown> }>(
      'select r.key, r.status, r.data from records r join streams s on s.id = r.stream_id where s.name = $1 order by r.key', [stream])).rows;
  const changesOf = async (stream: string) =>
    (await t.app.db.query<{ key: string; kind: string; fields: Record<string, { old: unknown; new: unknown }> | null }>(
      'select c.key, c.kind, c.fields from changes c join streams s on s.id = c.stream_id where s.name = $1 order by c.id', [stream])).rows;
  const outboxOf = async (stream: string) =>
    Number((await t.app.db.query<{ n: number }>('select count(*)::int as n from outbox o join streams s on s.id = o.stream_id where s.name = $1', [stream])).rows[0]!.n);

  it('materialises through the pipeline: field-level history, outbox, runs; no change → nothing written', async () => {
    await setup();
    const saved = await saveModel(t.app.db, byCountry, { pack: 'test' });
    expect(saved).toMatchObject({ outcome: 'created', missingInputs: [] });
    expect(saved.model.validation).toBe('ok');
    const first = await refreshModel(t.app, 'people_by_country');
    expect(first).toMatchObject({ status: 'succeeded', changed: true });
    expect(first.streams.people_by_country).toMatchObject({ created: 2 });
    expect((await rowsOf('people_by_country')).map((r) => r.data)).toEqual([
      { country: 'DE', people: 1, employees: 300 },
      { country: 'FR', people: 2, employees: 30 },
    ]);
    expect(await outboxOf('people_by_country')).toBe(2);
    // the run is recorded like a sync's
    const { rows: runs } = await t.app.db.query<{ kind: string; status: string; connection_name: string }>(
      'select kind, status, connection_name from runs where id = $1', [first.run_id]);
    expect(runs[0]).toEqual({ kind: 'model', status: 'succeeded', connection_name: 'model:people_by_country' });

    const again = await refreshModel(t.app, 'people_by_country');
    expect(again).toMatchObject({ status: 'succeeded', changed: false });
    expect(again.streams.people_by_country).toMatchObject({ unchanged: 2, created: 0, updated: 0 });
    expect(await changesOf('people_by_country')).toHaveLength(2);
    expect(await outboxOf('people_by_country')).toBe(2);

    // an input changes: the model's row gets a field-level update
    write(['1,Ann,FR,15', '2,Bob,FR,20', '3,Cy,DE,300']);
    await sync();
    await refreshModel(t.app, 'people_by_country');
    const ch = await changesOf('people_by_country');
    expect(ch.at(-1)).toMatchObject({ key: 'FR', kind: 'updated' });
    expect(ch.at(-1)!.fields).toMatchObject({ employees: { old: 30, new: 35 } });
    // the typed view of the model exists
    const { rows: view } = await t.app.db.query<{ country: string; employees: number }>('select country, employees from data.people_by_country order by country');
    expect(view.map((v) => [v.country, Number(v.employees)])).toEqual([['DE', 300], ['FR', 35]]);
  });

  it('removes rows with grace and guard', async () => {
    await setup();
    await saveModel(t.app.db, { ...byCountry, removal: { misses: 2 } });
    await refreshModel(t.app, 'people_by_country');
    write(['1,Ann,FR,10', '2,Bob,FR,20']);
    await sync();
    const one = await refreshModel(t.app, 'people_by_country');
    expect(one.streams.people_by_country).toMatchObject({ removed: 0 });
    expect((await rowsOf('people_by_country')).find((r) => r.key === 'DE')!.status).toBe('active');
    const two = await refreshModel(t.app, 'people_by_country');
    expect(two.streams.people_by_country).toMatchObject({ removed: 1 });
    expect((await rowsOf('people_by_country')).find((r) => r.key === 'DE')!.status).toBe('removed');
    expect((await changesOf('people_by_country')).at(-1)).toMatchObject({ key: 'DE', kind: 'removed' });

    // mass-removal guard: everything vanishing at once (over the minimum) removes nothing and flags the run
    await saveModel(t.app.db, {
      name: 'numbers', sql: 'select g as n from generate_series(1, 20) g', primaryKey: ['n'], schema: { fields: [{ name: 'n', type: 'integer' }] },
    });
    await refreshModel(t.app, 'numbers');
    await saveModel(t.app.db, {
      name: 'numbers', sql: 'select g as n from generate_series(1, 2) g', primaryKey: ['n'], schema: { fields: [{ name: 'n', type: 'integer' }] },
    });
    const guarded = await refreshModel(t.app, 'numbers');
    expect(guarded.status).toBe('partial');
    expect(guarded.flags.join()).toMatch(/mass_removal_guard/);
    expect((await rowsOf('numbers')).filter((r) => r.status === 'active')).toHaveLength(20);
    // model state sits in stream_state under the model's id; a deleted connection still takes its own state along
    const stateOf = async (sql: string) => Number((await t.app.db.query<{ n: number }>(sql)).rows[0]!.n);
    expect(await stateOf(`select count(*)::int as n from stream_state ss join models m on m.id = ss.connection_id`)).toBe(2);
    await t.app.db.query(`delete from connections where name = 'people'`);
    expect(await stateOf(`select count(*)::int as n from stream_state ss join streams s on s.id = ss.stream_id where s.name = 'people'`)).toBe(0);
    expect(await stateOf(`select count(*)::int as n from stream_state ss join models m on m.id = ss.connection_id`)).toBe(2);
  });

  it('refreshes in dependency order (model of a model), after a sync changed an input, and transforms rows', async () => {
    await setup();
    await saveModel(t.app.db, byCountry);
    await saveModel(t.app.db, {
      name: 'big_countries',
      inputs: ['people_by_country'],
      sql: `select country, employees from data.people_by_country where _status = 'active'`,
      primaryKey: ['country'],
      transforms: ['test.size_band'],
      schema: { fields: [{ name: 'country', type: 'string' }, { name: 'employees', type: 'integer' }, { name: 'band', type: 'string' }] },
    });
    const all = await refreshModels(t.app);
    expect(all.map((s) => s.model).filter((m) => m !== 'unified_company_member')).toEqual(['people_by_country', 'big_countries']);
    expect((await rowsOf('big_countries')).map((r) => r.data)).toEqual([
      { country: 'DE', employees: 300, band: 'large' },
      { country: 'FR', employees: 30, band: 'small' },
    ]);
    // a sync changed an input: only the models downstream of it run, in order, and the chain stops where nothing changed
    write(['1,Ann,FR,100', '2,Bob,FR,20', '3,Cy,DE,300']);
    await sync();
    const after = await refreshModels(t.app, { changedStreams: ['people'] });
    expect(after.map((s) => [s.model, s.changed])).toEqual([['people_by_country', true], ['big_countries', true]]);
    expect((await rowsOf('big_countries')).find((r) => r.key === 'FR')!.data.band).toBe('large');
    const quiet = await refreshModels(t.app, { changedStreams: ['people'] });
    expect(quiet.map((s) => [s.model, s.changed])).toEqual([['people_by_country', false]]);
    // a model that another reads cannot be removed first
    await expect(removeModel(t.app.db, 'people_by_country')).rejects.toMatchObject({ code: 'conflict' });
    await removeModel(t.app.db, 'big_countries');
    await removeModel(t.app.db, 'people_by_country');
    expect(await listModels(t.app.db)).toEqual([]);
    expect((await t.app.db.query("select 1 from streams where name = 'people_by_country'")).rows).toEqual([]);
  });

  it('a failing model ends its run failed with the reason and keeps its last good rows', async () => {
    await setup();
    await saveModel(t.app.db, {
      ...byCountry,
      sql: `select country, count(*)::int as people, (sum(employees) / (count(*) - count(*) + case when max(employees) > 500 then 0 else 1 end))::int as employees
            from data.people where _status = 'active' group by country`,
    });
    expect((await refreshModel(t.app, 'people_by_country')).status).toBe('succeeded');
    write(['1,Ann,FR,10', '2,Bob,FR,20', '3,Cy,DE,900']);
    await sync();
    const failed = await refreshModel(t.app, 'people_by_country');
    expect(failed.status).toBe('failed');
    expect(failed.error!.message).toMatch(/division by zero/);
    expect((await rowsOf('people_by_country')).map((r) => [r.key, r.status])).toEqual([['DE', 'active'], ['FR', 'active']]);
    const m = await getModel(t.app.db, 'people_by_country');
    expect(m).toMatchObject({ last_status: 'failed', last_run_id: failed.run_id });
    const { rows } = await t.app.db.query<{ status: string; error: { message: string } }>('select status, error from runs where id = $1', [failed.run_id]);
    expect(rows[0]!.status).toBe('failed');
    expect(rows[0]!.error.message).toMatch(/division by zero/);
  });

  it('checks the SQL against the schema when saved, with every problem listed; pending until inputs exist', async () => {
    await setup();
    await expect(saveModel(t.app.db, { ...byCountry, sql: 'select country, count(*) as n from data.people group by country' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { problems: ['sql: no column "people" (a schema field)', 'sql: no column "employees" (a schema field)', 'sql: column "n" is not in the schema'] },
    });
    await expect(saveModel(t.app.db, { ...byCountry, sql: 'select nope from data.people' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(saveModel(t.app.db, { ...byCountry, primaryKey: ['missing'], name: 'Bad Name' })).rejects.toMatchObject({
      code: 'validation_failed',
      details: { problems: expect.arrayContaining([expect.stringMatching(/^name:/), 'primaryKey: key field "missing" is not in the schema']) },
    });
    await expect(saveModel(t.app.db, { ...byCountry, name: 'people', inputs: [] })).rejects.toMatchObject({ code: 'conflict' });
    await expect(saveModel(t.app.db, { ...byCountry, transforms: ['nope'] })).rejects.toMatchObject({ code: 'validation_failed' });
    // cycles are refused
    await saveModel(t.app.db, { ...byCountry, name: 'a_model', inputs: ['people'] });
    await saveModel(t.app.db, { ...byCountry, name: 'b_model', inputs: ['a_model'], sql: 'select country, people, employees from data.a_model' });
    await expect(saveModel(t.app.db, { ...byCountry, name: 'a_model', inputs: ['b_model'], sql: 'select country, people, employees from data.b_model' }))
      .rejects.toMatchObject({ code: 'validation_failed', message: /cycle/ });
    // inputs not synced yet: stored as pending, checked at the first refresh
    const pending = await saveModel(t.app.db, { ...byCountry, name: 'later', inputs: ['not_yet'], sql: 'select country, people, employees from data.not_yet' });
    expect(pending).toMatchObject({ missingInputs: ['not_yet'] });
    expect(pending.model.validation).toBe('pending');
    const r = await refreshModel(t.app, 'later');
    expect(r.status).toBe('failed');
    expect((await getModel(t.app.db, 'later')).validation).toBe('invalid');
    // saving the same declaration again changes nothing
    expect((await saveModel(t.app.db, byCountry)).outcome).toBe('created');
    expect((await saveModel(t.app.db, byCountry)).outcome).toBe('unchanged');
  });

  it('the job chain: a sync that changed an input enqueues its models; a model that changed enqueues its readers and pushes', async () => {
    await setup();
    await saveModel(t.app.db, byCountry);
    await saveModel(t.app.db, {
      name: 'country_sizes', inputs: ['people_by_country'], primaryKey: ['country'],
      sql: `select country, employees from data.people_by_country where _status = 'active'`,
      schema: { fields: [{ name: 'country', type: 'string' }, { name: 'employees', type: 'integer' }] },
    });
    await createDestination(t.app.db, t.app.secrets, {
      name: 'sizes-hook', kind: 'webhook', config: { url: 'http://127.0.0.1:9/hook', secret: 'whsec_0123456789abcdef', streams: 'country_sizes' },
    });
    const handlers = createSluiceJobHandlers(t.app);
    const run = async <K extends JobKind>(kind: K, payload: JobPayloads[K]) => {
      const enqueued: { kind: JobKind; payload: unknown }[] = [];
      const handler = handlers.get(kind)!;
      const output = await handler({
        id: randomUUID(), kind, payload, attempt: 0, signal: new AbortController().signal,
        enqueue: async (k, p) => (enqueued.push({ kind: k, payload: p }), `${k}-job`),
      });
      return { output, enqueued };
    };
    write(['1,Ann,FR,11', '2,Bob,FR,20', '3,Cy,DE,300']);
    const sync = await run('sync', { connection: 'people' });
    expect(sync.enqueued.map((e) => [e.kind, (e.payload as { model?: string }).model])).toEqual([['model', 'people_by_country']]);
    const first = await run('model', { model: 'people_by_country' });
    expect(first.output).toMatchObject({ status: 'succeeded', changed: true });
    expect(first.enqueued.map((e) => [e.kind, e.payload])).toEqual([['model', { model: 'country_sizes', trigger: expect.stringMatching(/^model:/) }]]);
    const second = await run('model', { model: 'country_sizes' });
    expect(second.enqueued.map((e) => [e.kind, e.payload])).toEqual([['push', { destination: 'sizes-hook', trigger: expect.stringMatching(/^model:/) }]]);
    // nothing changed: nothing follows
    const again = await run('model', { model: 'people_by_country' });
    expect(again.output).toMatchObject({ changed: false });
    expect(again.enqueued).toEqual([]);
    // model:* refreshes everything in order; a failing model fails the job (its rows stay)
    const all = await run('model', {});
    expect((all.output.models as { model: string }[]).map((m) => m.model)).toEqual(['people_by_country', 'country_sizes', 'unified_company_member']);
    await t.app.db.query(`update models set spec = jsonb_set(spec, '{sql}', to_jsonb('select 1/0 as country, 1 as people, 1 as employees'::text)) where name = 'people_by_country'`);
    await expect(run('model', { model: 'people_by_country' })).rejects.toMatchObject({ message: expect.stringMatching(/division by zero/) });
    expect((await rowsOf('people_by_country')).filter((r) => r.status === 'active')).toHaveLength(2);
  });
});
