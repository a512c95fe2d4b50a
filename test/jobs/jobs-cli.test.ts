import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli.js';

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

const lines = (out: string) => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

describe('sluice schedule / jobs CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-cli-jobs-'));
    Object.assign(process.env, { SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 5).toString('base64') });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('schedule set / list / pause / resume / remove', async () => {
    const set = await sluice('schedule', 'set', 'sync:dealer-12/invoices', '0 6 * * *', '--tz', 'Europe/Paris', '--json');
    expect(set.code).toBe(0);
    expect(lines(set.out)[0]).toMatchObject({ target: 'sync:dealer-12/invoices', timezone: 'Europe/Paris', source: 'cli', paused: false });
    expect((await sluice('schedule', 'set', 'sync:x', 'every day', '--json')).code).toBe(1);
    expect((await sluice('schedule', 'set', 'sync:x', '0 6 * * *', '--tz', 'Mars/Base')).err).toMatch(/validation_failed.*unknown time zone/);
    expect(lines((await sluice('schedule', 'pause', 'sync:dealer-12/invoices', '--json')).out)[0]).toMatchObject({ paused: true, next_due_at: null });
    expect(lines((await sluice('schedule', 'resume', 'sync:dealer-12/invoices', '--json')).out)[0]).toMatchObject({ paused: false });
    const list = await sluice('schedule', 'list');
    expect(list.out).toMatch(/sync:dealer-12\/invoices\s+0 6 \* \* \*\s+Europe\/Paris/);
    expect((await sluice('schedule', 'remove', 'sync:dealer-12/invoices')).code).toBe(0);
    expect((await sluice('schedule', 'list', '--json')).out).toBe('');
    expect((await sluice('schedule', 'remove', 'sync:dealer-12/invoices')).err).toMatch(/not_found/);
  });

  it('jobs run / list / show / cancel / retry', async () => {
    const run = lines((await sluice('jobs', 'run', 'push:ops-hook', '--json')).out)[0]!;
    expect(run).toMatchObject({ kind: 'push', coalesced: false });
    const again = lines((await sluice('jobs', 'run', 'push:ops-hook', '--json')).out)[0]!;
    expect(again).toMatchObject({ id: null, coalesced: true }); // the same push is already waiting
    const id = String(run.id);
    const listed = lines((await sluice('jobs', 'list', '--kind', 'push', '--json')).out);
    expect(listed.map((j) => j.id)).toEqual([id]);
    expect(lines((await sluice('jobs', 'show', id, '--json')).out)[0]).toMatchObject({ id, state: 'created', data: { destination: 'ops-hook', trigger: 'cli' } });
    expect(lines((await sluice('jobs', 'cancel', id, '--json')).out)[0]).toMatchObject({ state: 'cancelled' });
    expect((await sluice('jobs', 'cancel', id)).err).toMatch(/conflict/);
    expect(['created', 'retry']).toContain(lines((await sluice('jobs', 'retry', id, '--json')).out)[0]!.state); // waiting again
    expect((await sluice('jobs', 'list', '--state', 'bogus')).code).toBe(1);
    expect((await sluice('jobs', 'show', '00000000-0000-4000-8000-000000000000')).err).toMatch(/not_found/);
  });
});
