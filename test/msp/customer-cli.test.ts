import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('sluice customer (msp-dashboards)', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-msp-cli-'));
    process.env.SLUICE_DATA_DIR = dir;
    process.env.SLUICE_LOG_LEVEL = 'silent';
    delete process.env.SLUICE_DATABASE_URL;
  });
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses bad input with stable codes and a failing exit code', async () => {
    expect((await run(['migrate'])).code).toBe(0);
    const both = await run(['customer', 'map', 'Harbor Dental', '12', '--none']);
    expect([both.code, both.err]).toEqual([1, expect.stringContaining('error [bad_request]')]);
    const neither = await run(['customer', 'map', 'Harbor Dental']);
    expect(neither.err).toContain('error [bad_request]');
    const unknown = await run(['customer', 'map', 'Harbor Dental', '--none', '--json']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.out)).toMatchObject({ error: { code: 'site_unknown' } });
    const status = await run(['customer', 'deployment', 'Harbor Dental', 'paused']);
    expect(status.err).toContain('error [validation_failed]');
    const list = await run(['customer', 'list', '--json']);
    expect([list.code, JSON.parse(list.out)]).toEqual([0, []]);
  });
});
