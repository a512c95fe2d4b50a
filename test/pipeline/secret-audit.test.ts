import { z } from 'zod';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { registerConnector } from '../../src/connectors/registry.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createConnection, getConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'tok-very-secret-value-123';
registerConnector({
  manifest: {
    id: 'testsecret', name: 't', description: 't', configSchema: z.object({ token: z.string() }), secrets: ['token'],
    fields: [{ name: 'token', label: 'Token', secret: true }],
  },
  check: async () => ({ ok: true, message: 'ok' }),
  streams: () => [{
    name: 'secret_items', primaryKey: ['id'], schema: { fields: [{ name: 'id', type: 'string' }] }, syncMode: 'full_snapshot',
    async *read(ctx) {
      if ((ctx.config as { token: string }).token !== SECRET) throw new Error('wrong token');
      yield { type: 'record', data: { id: 'a' } };
    },
  }],
});

describeEachDatabase('secrets at rest and their reads', (kind) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp(kind);
  });
  afterEach(async () => t.close());

  it('stores the secret encrypted, shows it masked, decrypts it for the sync and audits the read without the value', async () => {
    await createConnection(t.app.db, t.app.secrets, { name: 's', connector: 'testsecret', config: { token: SECRET } });
    const raw = await t.app.db.query<{ row: string }>('select row_to_json(c)::text as row from connections c');
    expect(raw.rows[0]!.row).not.toContain(SECRET);
    expect((await getConnection(t.app.db, 's')).config.token).toBe('••••');
    const r = await runSync(t.app, { connection: 's' });
    expect(r.status).toBe('succeeded');
    const audit = await t.app.db.query<{ action: string; target: string; row: string }>(
      "select action, target, row_to_json(a)::text as row from audit_log a where action = 'secret.read'");
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.target).toBe('connection:s');
    expect(audit.rows[0]!.row).not.toContain(SECRET);
  });
});
