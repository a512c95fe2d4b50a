import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { saveDashboard } from '../../src/dashboards/dashboard-store.js';
import type { EvaluatedDashboard } from '../../src/dashboards/dashboard-view.js';
import { createAppContext } from '../../src/main/app-context.js';
import { main } from '../../src/main/cli.js';
import { saveModel } from '../../src/models/model-store.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection } from '../../src/store/connection-store.js';

async function sluice(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('sluice model / stats / dashboard CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-cli-models-'));
    const env = { SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };
    Object.assign(process.env, env);
    const app = await createAppContext(loadConfig(env));
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'id,name,country,employees,joined\n1,Ann,FR,1000000,2024-01-05\n2,Bob,FR,20,2024-01-20\n3,Cy,DE,300,2024-02-01\n');
    await createConnection(app.db, app.secrets, { name: 'people', connector: 'csv', config: { path: file, stream: 'people', key: 'id', types: 'employees:integer,joined:date' } });
    await runSync(app, { connection: 'people' });
    await saveModel(app.db, {
      name: 'people_by_country', inputs: ['people'], primaryKey: ['country'],
      sql: `select country, count(*)::int as people from data.people where _status = 'active' group by country`,
      schema: { fields: [{ name: 'country', type: 'string' }, { name: 'people', type: 'integer' }] },
    }, { pack: 'demo' });
    await saveDashboard(app.db, {
      id: 'people', title: 'People',
      filters: [{ name: 'country', label: 'Country', type: 'select', options: { stream: 'people', field: 'country' } }],
      widgets: [
        { id: 'staff', title: 'Staff', type: 'metric', format: 'idr', query: { kind: 'aggregate', stream: 'people', metrics: ['sum:employees'] }, filters: { country: 'country' } },
        { id: 'by-country', title: 'By country', type: 'bar', query: { kind: 'aggregate', stream: 'people', by: ['country'], metrics: ['count'] }, filters: { country: 'country' } },
        { id: 'model', title: 'From the model', type: 'table', query: { kind: 'records', stream: 'people_by_country' } },
      ],
    });
    await app.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists, refreshes and shows models', async () => {
    const list = await sluice('model', 'list', '--json');
    expect(list.code).toBe(0);
    const models = JSON.parse(list.out) as { name: string; kind: string; validation: string | null }[];
    expect(models.map((m) => [m.name, m.kind])).toEqual([['people_by_country', 'sql'], ['unified_company_member', 'code']]);
    const refresh = await sluice('model', 'refresh', 'people_by_country', '--json');
    expect(refresh.code, refresh.err).toBe(0);
    expect(JSON.parse(refresh.out)).toMatchObject({ model: 'people_by_country', status: 'succeeded', changed: true, streams: { people_by_country: { created: 2 } } });
    const table = await sluice('model', 'list');
    expect(table.out).toMatch(/people_by_country\s+sql\s+demo\s+people\s+2\s+0\s+ok\s+succeeded/);
    const show = await sluice('model', 'show', 'people_by_country');
    expect(show.out).toContain('records:     2 active, 0 removed');
    expect(show.out).toContain('select country, count(*)::int');
    expect((await sluice('model', 'show', 'nope')).code).not.toBe(0);
    const runs = await sluice('runs', '--connection', 'model:people_by_country', '--json');
    expect(runs.out).toContain('"status":"succeeded"');
  });

  it('prints aggregates as a table or JSON; refuses bad fields', async () => {
    const t = await sluice('stats', 'people', '--by', 'country', '--metric', 'count', '--metric', 'sum:employees', '--sort', '-count');
    expect(t.code).toBe(0);
    expect(t.out.split('\n').slice(0, 4)).toEqual(['country  count  sum_employees', '-------  -----  -------------', 'FR       2      1,000,020', 'DE       1      300']);
    const j = await sluice('stats', 'people', '--by', 'joined:month', '--where', 'country=FR', '--json');
    expect(JSON.parse(j.out)).toMatchObject({ rows: [{ joined_month: '2024-01-01', count: 2 }] });
    const bad = await sluice('stats', 'people', '--by', 'nope', '--metric', 'sum:name');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('unknown field "nope"');
    expect(bad.err).toContain('"name" is a string; sum needs a number field');
  });

  it('lists and shows dashboards as terminal tables, with filters', async () => {
    expect((await sluice('dashboard', 'list')).out).toMatch(/people\s+People/);
    const show = await sluice('dashboard', 'show', 'people', '--f', 'country=FR');
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('Filters: country=FR');
    expect(show.out).toMatch(/■ Staff: Rp\s1\.000\.020/);
    expect(show.out).toContain('■ By country (bar chart: count by country)');
    expect(show.out).toMatch(/country\s+count\n\s+-+\s+-+\n\s+FR\s+2/);
    expect(show.out).toMatch(/■ From the model \(first 2 rows\)/);
    const json = await sluice('dashboard', 'show', 'people', '--json');
    const d = JSON.parse(json.out) as EvaluatedDashboard;
    expect(d.widgets.find((w) => w.id === 'staff')).toMatchObject({ data: { value: 1_000_320 } });
    expect((await sluice('dashboard', 'show', 'people', '--f', 'nope=1')).code).not.toBe(0);
  });
});
