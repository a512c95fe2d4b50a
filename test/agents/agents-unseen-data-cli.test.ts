import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { crmGenerator } from '../../bench/resolve-eval/crm-generator.js';
import { scoreAssignment } from '../../bench/resolve-eval/evaluate.js';
import { AGENTS_FILE, COMPANY_FILE } from '../../src/packs/agents/agents-pipeline.js';
import { AGENT_COLUMNS, COMPANY_COLUMNS } from '../../src/packs/agents/generate-agent-data.js';
import { main } from '../../src/main/cli.js';
import { tempDir } from './agents-harness.js';

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

/**
 * The issue's "done when", exactly: a labelled set from a generator the project never tuned on, through
 * `sluice deploy --full --agents-dir DIR`, its queue answered by `sluice review approve|reject` as a person who knows
 * the truth would, scored from `sluice entities agent --members --format csv`.
 */
describe('unseen labelled data through the CLI', () => {
  const saved = { ...process.env };
  let dir: string;
  const set = crmGenerator.generate(700, 77_001);
  beforeAll(() => {
    process.env.SLUICE_DATA_DIR = tempDir('sluice-unseen-');
    process.env.SLUICE_LOG_LEVEL = 'silent';
    delete process.env.SLUICE_DATABASE_URL;
    dir = tempDir('sluice-unseen-csv-');
    writeFileSync(join(dir, COMPANY_FILE), stringify(set.companyRows, { header: true, columns: [...COMPANY_COLUMNS] }));
    writeFileSync(join(dir, AGENTS_FILE), stringify(set.agentRows, { header: true, columns: [...AGENT_COLUMNS] }));
  });
  afterAll(() => {
    process.env = saved;
  });

  const assignment = async () => {
    const { code, out } = await run(['entities', 'agent', '--members', '--format', 'csv']);
    expect(code).toBe(0);
    const rows = parse<{ source: string; source_key: string; member_index: string; entity_id: string }>(out, { columns: true });
    return new Map(rows.map((r) => [`${r.source}:${r.source_key}${r.member_index === '' ? '' : `#${r.member_index}`}`, r.entity_id]));
  };

  it('deploy, answer the review queue by CLI, and reach the targets', async () => {
    expect((await run(['deploy', '--full', '--agents-dir', dir])).code).toBe(0);
    const auto = await assignment();
    const records = auto.size;
    const autoScores = scoreAssignment(auto, set.truth);
    let asked = 0;
    for (let round = 0; round < 5; round++) {
      const open = JSON.parse((await run(['review', 'list', '--json', '--limit', '10000'])).out) as { id: number; record_a: string; record_b: string }[];
      if (open.length === 0) break;
      for (const item of open) {
        const yes = set.truth.get(item.record_a) === set.truth.get(item.record_b);
        const answer = await run(['review', yes ? 'approve' : 'reject', String(item.id)]);
        if (answer.code !== 0) {
          // An earlier answer in this list already settled this pair (the item is superseded): a person moves on.
          const superseded = JSON.parse((await run(['review', 'list', '--status', 'superseded', '--json', '--limit', '100000'])).out) as { id: number }[];
          expect(superseded.map((x) => x.id)).toContain(item.id);
          continue;
        }
        asked++;
      }
    }
    const after = scoreAssignment(await assignment(), set.truth);
    process.stderr.write(`unseen crm set: ${records} records, auto ${JSON.stringify(autoScores)}, asked ${asked}, after ${JSON.stringify(after)}\n`);
    expect(autoScores.pairwise_precision).toBeGreaterThanOrEqual(0.995);
    expect(asked / records).toBeLessThanOrEqual(0.05);
    expect(after.pairwise_f1).toBeGreaterThanOrEqual(0.97);
    // A redeploy of the same files asks nothing again.
    expect((await run(['deploy', '--data-only', '--agents-dir', dir])).code).toBe(0);
    expect(JSON.parse((await run(['review', 'list', '--json'])).out)).toEqual([]);
  }, 600_000);
});
