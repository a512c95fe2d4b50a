import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main/cli.js';
import { handData, tempDir, writeData } from './agents-harness.js';

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await main(args);
    return { code, out };
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
}

describe('sluice deploy / review / entities', () => {
  const saved = { ...process.env };
  let dir: string;
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDir('sluice-agents-cli-');
    process.env.SLUICE_DATA_DIR = dataDir;
    process.env.SLUICE_LOG_LEVEL = 'silent';
    delete process.env.SLUICE_DATABASE_URL;
    const m = (name: string, email = '') => ({ name, email, phone: '', title: '' });
    dir = writeData(handData(
      [{ research_uuid: 'r1', team_id: 'T', team_members: JSON.stringify([m('Katherine Johnson'), m('Pat Kim', 'pat@kim.io'), m('Lee Park')]) }],
      [
        // A typo, no shared identifier: similar name (60) → review (an unambiguous nickname alone would merge at 75).
        { supabase_uuid: 'a1', full_name: 'Katherine Jonhson', team_id: 'T' },
        { supabase_uuid: 'a2', full_name: 'Pat Kim', email: 'PAT@kim.io', team_id: 'T' },
      ],
    ));
  });
  afterAll(() => {
    process.env = saved;
  });

  const members = async () => {
    const { code, out } = await run(['entities', 'agent', '--members', '--format', 'csv']);
    expect(code).toBe(0);
    return parse<{ source: string; source_key: string; member_index: string; entity_id: string }>(out, { columns: true });
  };
  const entityOf = (rows: Awaited<ReturnType<typeof members>>, source: string, key: string, index = '') =>
    rows.find((r) => r.source === source && r.source_key === key && r.member_index === index)!.entity_id;

  it('deploys, lists members as CSV, and applies review decisions that survive a redeploy', async () => {
    const reportFile = join(dataDir, 'report.json');
    expect((await run(['deploy', '--agents-dir', dir, '--report-file', reportFile])).code).toBe(0);
    expect(existsSync(reportFile)).toBe(true);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ status: 'succeeded', mode: 'full' });

    let rows = await members();
    expect(Object.keys(rows[0]!)).toEqual(['source', 'source_key', 'member_index', 'entity_id']);
    expect(rows).toHaveLength(5);
    expect(entityOf(rows, 'company_info_raw', 'r1', '1')).toBe(entityOf(rows, 'new_agents', 'a2'));
    expect(entityOf(rows, 'company_info_raw', 'r1', '0')).not.toBe(entityOf(rows, 'new_agents', 'a1'));

    const list = JSON.parse((await run(['review', 'list', '--json'])).out) as { id: number; record_a: string; record_b: string }[];
    expect(list).toHaveLength(1);
    expect([list[0]!.record_a, list[0]!.record_b]).toEqual(['company_info_raw:r1#0', 'new_agents:a1']);
    const shown = await run(['review', 'show', String(list[0]!.id)]);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('Katherine Jonhson');
    expect(shown.out).toMatch(/evidence for:\n {2}\+ same team \(T\)\n {2}\+ similar names \(spelling differs\)/);
    expect(shown.out).toContain('evidence against:\n  - names are spelt differently');
    const detail = JSON.parse((await run(['review', 'show', String(list[0]!.id), '--json'])).out) as { records: unknown[]; evidence: { for: string[] } };
    expect(detail.records).toHaveLength(2);
    expect(detail.evidence.for.length).toBeGreaterThan(0);
    expect((await run(['review', 'approve', String(list[0]!.id)])).code).toBe(0);
    const patEntity = entityOf(rows, 'new_agents', 'a2');
    expect((await run(['review', 'split', patEntity, 'new_agents:a2'])).code).toBe(0);

    for (const args of [[], ['deploy', '--data-only', '--agents-dir', dir, '--rebuild']]) {
      if (args.length) expect((await run(args)).code).toBe(0);
      rows = await members();
      expect(entityOf(rows, 'company_info_raw', 'r1', '0')).toBe(entityOf(rows, 'new_agents', 'a1'));
      expect(entityOf(rows, 'company_info_raw', 'r1', '1')).not.toBe(entityOf(rows, 'new_agents', 'a2'));
    }
    const search = JSON.parse((await run(['entities', 'agent', '--query', 'katherine', '--json'])).out) as { name: string; member_count: number }[];
    expect(search).toEqual([expect.objectContaining({ member_count: 2 })]);
    expect(JSON.parse((await run(['review', 'list', '--json'])).out)).toEqual([]);
  }, 180_000);

  it('refuses conflicting modes and fails (exit 1, report written) on a missing folder', async () => {
    expect((await run(['deploy', '--ddl-only', '--data-only'])).code).toBe(64);
    // No folder: never the bundled sample by default, only with --sample (and not both).
    expect((await run(['deploy'])).code).toBe(64);
    expect((await run(['deploy', '--data-only'])).code).toBe(64);
    expect((await run(['deploy', '--sample', '--agents-dir', dir])).code).toBe(64);
    const reportFile = join(dataDir, 'failed.json');
    expect((await run(['deploy', '--data-only', '--agents-dir', join(dataDir, 'nope'), '--report-file', reportFile])).code).toBe(1);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ status: 'failed' });
  }, 120_000);
});
