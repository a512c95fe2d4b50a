import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

describe('CLI exports share the API export format and writer', () => {
  const saved = { ...process.env };
  const dir = mkdtempSync(join(tmpdir(), 'sluice-export-'));
  beforeAll(async () => {
    process.env.SLUICE_DATA_DIR = join(dir, 'data');
    process.env.SLUICE_LOG_LEVEL = 'silent';
    process.env.SLUICE_SECRET_KEY = Buffer.alloc(32, 3).toString('base64');
    delete process.env.SLUICE_DATABASE_URL;
    const csv = join(dir, 'people.csv');
    writeFileSync(csv, 'id,name,tags\n1,"Ada, Countess",a\n2,"Line\nbreak",b\n3,Grace,\n');
    expect((await run(['connection', 'add', 'people', '--connector', 'csv', '--set', `path=${csv}`, '--set', 'stream=people', '--set', 'key=id'])).code).toBe(0);
    expect((await run(['sync', 'people'])).code).toBe(0);
  }, 120_000);
  afterAll(() => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('export --format csv: key, status, fields, updated_at; quoted values survive', async () => {
    const r = await run(['export', 'people', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = parse<Record<string, string>>(r.out, { columns: true });
    expect(Object.keys(rows[0] ?? {})).toEqual(['key', 'status', 'id', 'name', 'tags', 'updated_at']);
    expect(rows.map((x) => [x.key, x.status, x.name])).toEqual([['1', 'active', 'Ada, Countess'], ['2', 'active', 'Line\nbreak'], ['3', 'active', 'Grace']]);
    expect(rows[2]?.tags).toBe('');
  });

  it('records --format csv writes the same format (limited, filtered)', async () => {
    const all = await run(['export', 'people', '--format', 'csv']);
    const some = await run(['records', 'people', '--format', 'csv', '--limit', '2']);
    expect(some.code).toBe(0);
    const header = all.out.slice(0, all.out.indexOf('\n'));
    expect(some.out.startsWith(`${header}\n`)).toBe(true);
    expect(parse(some.out, { columns: true })).toEqual(parse(all.out, { columns: true }).slice(0, 2));
    const one = parse<Record<string, string>>((await run(['records', 'people', '--format', 'csv', '--where', 'name=Grace'])).out, { columns: true });
    expect(one.map((x) => x.key)).toEqual(['3']);
  });

  it('export --format json and ndjson: {key, status, data, updated_at}, to stdout or a file', async () => {
    const json = JSON.parse((await run(['export', 'people', '--format', 'json'])).out) as { key: string; status: string; data: Record<string, unknown> }[];
    expect(json.map((x) => x.key)).toEqual(['1', '2', '3']);
    expect(json[0]).toMatchObject({ key: '1', status: 'active', data: { id: '1', name: 'Ada, Countess' } });
    const out = join(dir, 'people.ndjson');
    expect((await run(['export', 'people', '--format', 'ndjson', '--out', out])).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual(json);
    expect((await run(['export', 'people', '--format', 'xml'])).code).toBe(1);
  });
});
