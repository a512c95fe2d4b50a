import { afterAll, beforeAll, expect, it } from 'vitest';
import { toSluiceError } from '../../src/core/errors.js';
import { installPack } from '../../src/packs/install-pack.js';
import { packStatus } from '../../src/packs/pack-status.js';
import { runPack } from '../../src/packs/run-pack.js';
import { getDestinationRow } from '../../src/destinations/destination-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

async function failure(p: Promise<unknown>): Promise<{ code: string; problems: string[] }> {
  try {
    await p;
  } catch (err) {
    const e = toSluiceError(err);
    return { code: e.code, problems: ((e.details as { problems?: string[]; missing?: string[] } | undefined)?.problems ?? (e.details as { missing?: string[] } | undefined)?.missing ?? []) };
  }
  throw new Error('expected a failure');
}

describeEachDatabase('pack install: settings, credentials, upgrade', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses bad --set keys and values, listing every problem, and installs nothing', async () => {
    const f = await failure(installPack(t.app, 'unifi-channels', {
      set: { 'ui.base_url': 'not a url', 'ui.min_interval_ms': '-5', 'notion.tokn': 'x', 'schedule.cron': 'every day', 'schedule.timezone': 'Mars/Base', 'ui.regions': 'eur,moon', nope: '1' },
    }));
    expect(f.code).toBe('validation_failed');
    expect(f.problems).toHaveLength(7);
    expect(f.problems.join('\n')).toMatch(/ui\.base_url: "not a url" is not a URL/);
    expect(f.problems.join('\n')).toMatch(/ui\.min_interval_ms: must be at least 0/);
    expect(f.problems.join('\n')).toMatch(/notion\.tokn: unknown setting \(notion has notion\.token/);
    expect(f.problems.join('\n')).toMatch(/schedule\.cron: invalid cron/);
    expect(f.problems.join('\n')).toMatch(/schedule\.timezone: "Mars\/Base" is not an IANA time zone/);
    expect(f.problems.join('\n')).toMatch(/ui\.regions: "moon" not one of/);
    const { rows } = await t.app.db.query('select 1 from packs');
    expect(rows).toHaveLength(0);
  });

  it('without credentials the pack is needs_credentials: the Notion database waits and run refuses', async () => {
    const r = await installPack(t.app, 'unifi-channels', { set: { 'ui.base_url': 'http://127.0.0.1:9/ui' } });
    expect(r.status).toBe('needs_credentials');
    expect(r.missing).toEqual(['notion.parent_page_id', 'notion.token']);
    expect(r.changes.find((c) => c.part === 'notion')).toMatchObject({ action: 'waiting', missing: ['notion.parent_page_id', 'notion.token'] });
    expect(r.changes.find((c) => c.part === 'digest')).toMatchObject({ action: 'skipped' });
    expect(r.changes.find((c) => c.part === 'ui')).toMatchObject({ action: 'created' });
    const f = await failure(runPack(t.app, 'unifi-channels'));
    expect(f.code).toBe('pack_needs_credentials');
    expect((await packStatus(t.app, 'unifi-channels')).missing).toEqual(['notion.parent_page_id', 'notion.token']);
  });

  it('giving the credentials later upgrades in place; settings given before are kept; a changed setting updates only that part', async () => {
    const r = await installPack(t.app, 'unifi-channels', { set: { 'notion.token': 'secret_abc', 'notion.parent_page_id': 'page-1' } });
    expect(r.status).toBe('installed');
    expect(r.changes.find((c) => c.part === 'notion')?.action).toBe('created');
    expect(r.changes.find((c) => c.part === 'ui')?.action).toBe('unchanged');
    const dest = await getDestinationRow(t.app.db, 'unifi-channels-notion');
    expect(JSON.stringify(dest)).not.toContain('secret_abc');
    const again = await installPack(t.app, 'unifi-channels', { set: { 'schedule.cron': '0 7 * * *' } });
    expect(again.changes.filter((c) => c.action !== 'unchanged' && c.action !== 'skipped').map((c) => [c.kind, c.action, c.changed])).toEqual([['schedule', 'updated', ['cron']]]);
    const { rows } = await t.app.db.query<{ config: { base_url: string } }>(`select config from connections where name = 'unifi-channels-ui'`);
    expect(rows[0]?.config.base_url).toBe('http://127.0.0.1:9/ui');
    // The signing secret generated at the first install is kept, not regenerated.
    const { rows: s1 } = await t.app.db.query<{ secrets: Record<string, string> }>(`select secrets from packs where id = 'unifi-channels'`);
    await installPack(t.app, 'unifi-channels');
    const { rows: s2 } = await t.app.db.query<{ secrets: Record<string, string> }>(`select secrets from packs where id = 'unifi-channels'`);
    expect(Object.keys(s1[0]?.secrets ?? {})).toContain('digest.secret');
    expect(s2[0]?.secrets['digest.secret']).toBe(s1[0]?.secrets['digest.secret']);
  });

  it('an unknown pack is not_found', async () => {
    expect((await failure(installPack(t.app, 'nope'))).code).toBe('not_found');
  });
});
