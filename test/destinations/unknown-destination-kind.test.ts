import { afterAll, beforeAll, expect, it } from 'vitest';
import { destinationDriver } from '../../src/destinations/destination-drivers.js';
import { runPush } from '../../src/destinations/run-push.js';
import { testDestination } from '../../src/destinations/test-destination.js';
import { describeEachDatabase } from '../support/databases.js';
import { createPushFixture, type PushFixture } from './push-fixture.js';

describeEachDatabase('unknown destination kinds', (kind) => {
  let f: PushFixture;
  beforeAll(async () => {
    f = await createPushFixture(kind);
    // A row of a kind this version does not know (written by a newer version, or by hand): the check is lifted so
    // the row can exist at all.
    await f.db.exec('alter table destinations drop constraint destinations_kind_check');
    await f.db.query(`insert into destinations (name, kind, config, secrets) values ('ftp-drop', 'ftp', '{"url":"http://127.0.0.1:9/"}', '{}')`);
  });
  afterAll(async () => f.close());

  it('push refuses them with a clear error and records no push, sending nothing', async () => {
    await expect(runPush(f.app, { destination: 'ftp-drop' })).rejects.toMatchObject({
      code: 'unknown_destination_kind',
      message: expect.stringContaining('unknown destination kind "ftp"') as unknown,
    });
    const { rows } = await f.db.query<{ n: number }>('select count(*)::int as n from destination_pushes');
    expect(rows[0]?.n).toBe(0);
  });

  it('test reports them as a failed check, not a webhook call', async () => {
    const r = await testDestination(f.app, 'ftp-drop');
    expect(r).toMatchObject({ ok: false, details: { code: 'unknown_destination_kind' } });
  });

  it('the dispatcher knows exactly the built-in kinds', () => {
    expect(() => destinationDriver('webhook')).not.toThrow();
    expect(() => destinationDriver('notion')).not.toThrow();
    expect(() => destinationDriver('toString')).toThrow(/unknown destination kind/);
  });
});
