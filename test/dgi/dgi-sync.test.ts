import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { dgiConfigSchema } from '../../src/connectors/dgi/dgi-config.js';
import { dgiStreams } from '../../src/connectors/dgi/dgi-streams.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createDgiSimulator, type DgiSimulatorStats } from '../../src/sandbox/dgi/dgi.simulator.js';
import { INITIAL_RECENT_DOCS } from '../../src/sandbox/dgi/dgi-sim-world.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('DGI sync into the store', (kind) => {
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  let t: TestApp;
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 11, simulators: [sim] });
    await sandbox.listen(0);
  });
  afterAll(async () => sandbox.close());
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  const connect = (i: number) => {
    const c = sim.credentials()[i]!;
    return createConnection(t.app.db, t.app.secrets, {
      name: `dgi-${c.dealer_id}`,
      connector: 'dgi',
      config: { ...c, base_url: sandbox.url('dgi'), requests_per_second: 100 },
    });
  };
  const now = () => sandbox.clock.now();
  const count = async (stream: string, extra = '') =>
    Number((await t.app.db.query<{ n: string }>(
      `select count(*) as n from records r join streams s on s.id = r.stream_id where s.name = $1 and r.status = 'active' ${extra}`, [stream])).rows[0]!.n);

  it('stores every stream and its children; re-runs change nothing; many dealers feed one stream', async () => {
    await connect(0);
    await connect(2);
    const first = await runSync(t.app, { connection: 'dgi-12284', now });
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('succeeded');
    for (const name of ['dgi_prospect', 'dgi_spk', 'dgi_pkb', 'dgi_inv2', 'dgi_mdinvh3', 'dgi_leasing']) {
      expect(first.streams[name], name).toMatchObject({ fetched: INITIAL_RECENT_DOCS, created: INITIAL_RECENT_DOCS, quarantined: 0 });
    }
    expect(first.streams.dgi_pkb_services!.created).toBeGreaterThanOrEqual(INITIAL_RECENT_DOCS);
    const pkbParts = await count('dgi_pkb_parts');
    const units = await count('dgi_prospect_units');
    expect(units).toBeGreaterThanOrEqual(INITIAL_RECENT_DOCS);

    const { rows } = await t.app.db.query<{ key: string; data: Record<string, unknown> }>(
      `select r.key, r.data from records r join streams s on s.id = r.stream_id where s.name = 'dgi_pkb' order by r.key limit 1`);
    expect(rows[0]!.key).toMatch(/^12284.*WO\/12284\//);
    expect(rows[0]!.data.waktuPKB).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const again = await runSync(t.app, { connection: 'dgi-12284', now, streams: ['dgi_pkb', 'dgi_prospect'] });
    expect(again.streams.dgi_pkb).toMatchObject({ created: 0, updated: 0 });
    expect(await count('dgi_pkb_parts')).toBe(pkbParts);
    expect(await count('dgi_prospect_units')).toBe(units); // the original dashboard duplicated these on every re-fetch

    const other = await runSync(t.app, { connection: 'dgi-29437', now, streams: ['dgi_pkb'] });
    expect(other.status).toBe('succeeded');
    expect(await count('dgi_pkb')).toBe(2 * INITIAL_RECENT_DOCS);
    const { rows: state } = await t.app.db.query<{ state: { highWaterMark: string } }>(
      `select st.state from stream_state st join streams s on s.id = st.stream_id where s.name = 'dgi_pkb'`);
    expect(state).toHaveLength(2); // one cursor per dealer connection
    for (const s of state) expect(s.state.highWaterMark).toMatch(/Z$/);
  });

  it('picks up new and modified documents after the clock steps, and drops vanished child lines', async () => {
    await connect(0);
    const streams = ['dgi_pkb', 'dgi_prsl'];
    await runSync(t.app, { connection: 'dgi-12284', now, streams });
    const stored = async (stream: string) => {
      const { rows } = await t.app.db.query<{ parent_key: string; n: string }>(
        `select r.parent_key, count(*) as n from records r join streams s on s.id = r.stream_id
          where s.name = $1 and r.status = 'active' group by r.parent_key`, [`${stream}_parts`]);
      return new Map(rows.map((x) => [x.parent_key, Number(x.n)]));
    };
    const before = { dgi_pkb: await stored('dgi_pkb'), dgi_prsl: await stored('dgi_prsl') };
    sandbox.clock.advance();
    const changes = (sim.stats() as unknown as DgiSimulatorStats).lastChanges.filter((c) => c.dealerId === '12284');
    const r = await runSync(t.app, { connection: 'dgi-12284', now, streams });
    expect(r.status).toBe('succeeded');
    expect(r.streams.dgi_pkb).toMatchObject({ created: 1 });
    expect(r.streams.dgi_pkb!.updated).toBeGreaterThanOrEqual(1);
    expect(await count('dgi_pkb')).toBe(INITIAL_RECENT_DOCS + 1);

    // What the API says now, read through the connector itself.
    const cfg = dgiConfigSchema.parse({ ...sim.credentials()[0]!, base_url: sandbox.url('dgi'), requests_per_second: 100 });
    let lineChanges = 0;
    for (const name of streams) {
      const def = dgiStreams().find((x) => x.name === name)!;
      const ctx = { config: cfg, logger: t.app.logger, http: t.app.http, signal: new AbortController().signal, now, defaultPhoneRegion: 'ID', state: undefined, full: true };
      const current = new Map<string, number>();
      for await (const m of def.read(ctx)) {
        if (m.type === 'record') current.set(String(m.data[def.primaryKey[1]!]), (m.data.parts as unknown[]).length);
      }
      const after = await stored(name);
      // Each parent's stored children are exactly its current lines: nothing duplicated, removed lines gone.
      for (const [id, lines] of current) {
        const parentKey = [...after.keys(), ...before[name as keyof typeof before].keys()].find((k) => k.endsWith(id)) ?? id;
        expect(after.get(parentKey) ?? 0, `${name} ${id}`).toBe(lines);
        if ((before[name as keyof typeof before].get(parentKey) ?? 0) !== lines && changes.some((c) => c.id === id && c.kind === 'modified')) lineChanges++;
      }
    }
    expect(lineChanges).toBeGreaterThan(0); // the step added or removed a line somewhere, and the store followed
    const { rows: changed } = await t.app.db.query<{ kind: string }>(
      `select c.kind from changes c join streams s on s.id = c.stream_id where s.name = 'dgi_pkb' and c.run_id = $1`, [r.run_id]);
    expect(changed.map((x) => x.kind).sort()).toEqual(expect.arrayContaining(['created', 'updated']));
  });
});
