import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';

/** Runs the real `sluice` command line in-process and returns its exit code and output. */
async function sluice(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

interface Listed { target: string; cron: string; timezone: string; source: string }
const lines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Listed);
const minutesOf = (list: Listed[], dealer: string) => list.filter((s) => s.target.startsWith(`sync:${dealer}/`)).map((s) => Number(s.cron.split(' ')[0]));

describe('sluice schedule list after pack add: one staggered schedule per dealer × job type', () => {
  let dir: string;
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-dgi-sched-'));
    Object.assign(process.env, { SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') });
    sandbox = await createSandbox({ seed: 7, simulators: [sim] });
    const url = await sandbox.listen(0);
    const r = await sluice('pack', 'install', 'dgi-dealers', '--sandbox', url, '--json');
    expect(r.code, r.err).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dealers sharing a key never start in the same minute; a schedule set by hand survives the re-spread', async () => {
    const creds = sim.credentials(); // 12284 and 08138 share one key, 29437 has its own
    const add = (name: string, i: number) => {
      const c = creds[i]!;
      return sluice('pack', 'add', 'dgi-dealers', 'dealer', name, '--set', `dealer.dealer_id=${c.dealer_id}`, '--set', `dealer.dealer_name=${c.dealer_name}`,
        '--set', `dealer.api_key=${c.api_key}`, '--set', `dealer.secret_key=${c.secret_key}`, '--json');
    };
    expect((await add('D12284', 0)).code).toBe(0);
    expect((await add('D29437', 2)).code).toBe(0);
    let list = lines((await sluice('schedule', 'list', '--json')).out);
    expect(list).toHaveLength(30);
    expect(list.every((s) => s.timezone === 'Asia/Jakarta' && s.source === 'pack:dgi-dealers')).toBe(true);
    expect(new Set(minutesOf(list, 'D12284')).size).toBe(15);
    // another key: shifted against the first dealer, not on the same minutes
    expect(minutesOf(list, 'D29437').filter((m) => minutesOf(list, 'D12284').includes(m))).toEqual([]);

    // a person moves one job type of one dealer; the next dealer re-spreads the others but keeps that one
    expect((await sluice('schedule', 'set', 'sync:D12284/dgi_pkb', '30 2 * * *', '--tz', 'Asia/Jakarta')).code).toBe(0);
    expect((await add('D08138', 1)).code).toBe(0);
    list = lines((await sluice('schedule', 'list', '--json')).out);
    expect(list).toHaveLength(45);
    expect(list.find((s) => s.target === 'sync:D12284/dgi_pkb')).toMatchObject({ cron: '30 2 * * *', source: 'cli' });
    const shared = [...minutesOf(list.filter((s) => s.source !== 'cli'), 'D12284'), ...minutesOf(list, 'D08138')];
    expect(shared).toHaveLength(29);
    expect(new Set(shared).size).toBe(29); // one key, two dealers: never the same minute
    const text = (await sluice('schedule', 'list')).out;
    expect(text).toMatch(/sync:D08138\/dgi_inv2\s+\d+ \* \* \* \*\s+Asia\/Jakarta/);
  }, 240_000);
});
