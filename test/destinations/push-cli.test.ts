import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext } from '../../src/main/app-context.js';
import { main } from '../../src/main/cli.js';
import { startNotionSandbox, type NotionSandbox } from '../notion/notion-sandbox.js';
import { seedStream } from './push-fixture.js';

/** Runs the real `sluice` command line in-process and returns its exit code and stdout. */
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

describe('sluice destination / push CLI', () => {
  let sb: NotionSandbox;
  let dir: string;
  beforeAll(async () => {
    sb = await startNotionSandbox();
    dir = mkdtempSync(join(tmpdir(), 'sluice-cli-push-'));
    const env = { SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };
    Object.assign(process.env, env);
    const app = await createAppContext(loadConfig(env));
    await seedStream(app.db, 'sites', { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }, { name: 'opened', type: 'date' }] }, [
      { id: 'a', name: 'Alpha', opened: '2024-01-01' }, { id: 'b', name: 'Beta', opened: 'not a date' }, { id: 'c', name: 'Gamma', opened: '2024-03-01' },
    ]);
    await app.close();
  }, 120_000);
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists, tests, plans and pushes', async () => {
    const c = sb.sim.credentials();
    const add = await sluice('destination', 'add', 'sites-notion', '--destination', 'notion', '--set', `token=${c.token}`, '--set', `parent_page_id=${c.parent_page_id}`,
      '--set', 'stream=sites', '--set', `base_url=${sb.baseUrl}`, '--set', 'rate_per_second=100', '--json');
    expect(add.code).toBe(0);
    expect(add.out).not.toContain(c.token);
    expect(JSON.parse(add.out)).toMatchObject({ name: 'sites-notion', kind: 'notion', config: { token: '••••' } });

    const test = await sluice('destination', 'test', 'sites-notion', '--json');
    expect(JSON.parse(test.out)).toMatchObject({ ok: true });

    const plan = await sluice('push', 'sites-notion', '--dry-run');
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('3 create, 0 update, 0 trash, 0 restore, 0 unchanged');
    expect(plan.out).toMatch(/create\s+b/);

    const push = await sluice('push', 'sites-notion');
    expect(push.code).toBe(2); // partial: one record failed
    expect(push.out).toMatch(/partial: 2 pushed, 1 failed/);
    expect(push.out).toMatch(/failed b \(create, 400\): .*ISO 8601/);

    const again = await sluice('push', 'sites-notion', '--json');
    expect(JSON.parse(again.out)).toMatchObject({ calls: 0, pushed: 0, failed: 0 });

    const list = await sluice('destination', 'list', '--json');
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ name: 'sites-notion', last_push: expect.objectContaining({ status: 'succeeded' }) as unknown })]);
  });
});
