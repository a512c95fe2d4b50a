import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../support/databases.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sluice');

describeEachDatabase('sluice doctor shows open alerts', (kind) => {
  it('fails with each open alert listed, and passes once it is resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-doctor-'));
    const tdb = await createTestDatabase(kind, kind === 'pglite' ? { dataDir: dir } : {});
    const env = {
      ...process.env, SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_HEALTH_DISK_MIN_MB: '0',
      ...(tdb.url ? { SLUICE_DATABASE_URL: tdb.url } : {}),
    };
    const doctor = async () => {
      const r = await run(process.execPath, [BIN, 'doctor', '--json'], { env }).then((x) => ({ ...x, code: 0 }), (e: { stdout: string; code: number }) => e);
      return { code: r.code, checks: (JSON.parse(r.stdout) as { checks: { name: string; ok: boolean; detail: string }[] }).checks };
    };
    try {
      await tdb.db.query(`insert into alerts (key, kind, subject, message) values ('connection_failing:crm', 'connection_failing', 'crm', 'connection crm failed 3 run(s) in a row: boom')`);
      if (kind === 'pglite') await tdb.db.close(); // the embedded folder belongs to one process
      const failing = await doctor();
      expect(failing.code).toBe(1);
      expect(failing.checks.find((c) => c.name === 'alerts')).toMatchObject({ ok: false, detail: expect.stringMatching(/^1 open: \[connection_failing\] connection crm failed 3 run\(s\) in a row: boom/) });
      if (kind === 'pglite') {
        const again = await createTestDatabase(kind, { dataDir: dir, migrate: false });
        await again.db.query(`update alerts set resolved_at = now()`);
        await again.db.close();
      } else {
        await tdb.db.query(`update alerts set resolved_at = now()`);
      }
      const ok = await doctor();
      expect(ok.checks.find((c) => c.name === 'alerts')).toEqual({ name: 'alerts', ok: true, detail: 'none open' });
      expect(ok.code).toBe(0);
    } finally {
      if (kind === 'postgres') await tdb.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
