import { listMapping, mappingStats } from '../connectors/ui-distributor-locator/region-mapping-store.js';
import { refreshRegionMapping } from '../connectors/ui-distributor-locator/refresh-region-mapping.js';
import { uiLocatorConfigSchema, type UiLocatorConfig } from '../connectors/ui-distributor-locator/ui-locator-config.js';
import { SluiceError } from '../core/errors.js';
import type { AppContext } from '../main/app-context.js';
import { listConnections, loadConnectionConfig } from '../store/connection-store.js';
import { printJson, printNdjson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

const CONNECTOR = 'ui-distributor-locator';

/** The locator config to discover with: the named connection's, the only locator connection's, or the defaults. */
async function locatorConfig(app: AppContext, name: string | undefined): Promise<UiLocatorConfig> {
  if (name) {
    const { connection, config } = await loadConnectionConfig(app.db, app.secrets, name);
    if (connection.connector !== CONNECTOR) {
      throw new SluiceError('bad_request', `connection "${name}" uses ${connection.connector}, not ${CONNECTOR}`);
    }
    return uiLocatorConfigSchema.parse(config);
  }
  const locators = (await listConnections(app.db)).filter((c) => c.connector === CONNECTOR);
  if (locators.length > 1) {
    throw new SluiceError('bad_request', `several ${CONNECTOR} connections exist (${locators.map((c) => c.name).join(', ')}): name one with --connection`);
  }
  const only = locators[0];
  if (only) return uiLocatorConfigSchema.parse((await loadConnectionConfig(app.db, app.secrets, only.name)).config);
  return uiLocatorConfigSchema.parse({});
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** `sluice mapping refresh|list|stats`: the ui.com locator's region/country-state pairs over time. */
export function registerMappingCommands(reg: CommandRegistry): void {
  const cmd = reg.program.command('mapping').description('ui.com locator region/country-state mapping (discovery, history)');

  cmd
    .command('refresh')
    .description("discover the site's pairs from mainRegionsData: add new, deactivate vanished, reactivate returning")
    .option('--connection <name>', `the ${CONNECTOR} connection whose site to read (default: the only one, or ui.com)`)
    .option('--json', 'print the result as JSON')
    .action(async (o: { connection?: string; json?: boolean }) => {
      const app = await reg.app();
      const config = await locatorConfig(app, o.connection);
      const r = await refreshRegionMapping(app.db, app.http, config);
      if (o.json) printJson({ base_url: config.base_url, ...r });
      else if (r.ok) {
        process.stderr.write(
          `${r.discovered} pairs discovered at ${config.base_url}: ${r.added.length} added, ${r.deactivated.length} deactivated, ` +
            `${r.reactivated.length} reactivated, ${r.unchanged} unchanged\n`,
        );
        for (const [label, ids] of [['added', r.added], ['deactivated', r.deactivated], ['reactivated', r.reactivated]] as const) {
          if (ids.length > 0) process.stderr.write(`  ${label}: ${ids.join(' ')}\n`);
        }
      } else process.stderr.write(`mapping unchanged: ${r.problem}\n`);
      if (!r.ok) reg.setExitCode(EXIT.failure);
    });

  cmd
    .command('list')
    .description('list pairs with their status and how many active distributors each lists')
    .option('--region <code>', 'only this region (af, as, aus-nzl, can, eur, lat-a, mid-e, usa)')
    .option('--active', 'only active pairs')
    .option('--inactive', 'only inactive pairs')
    .option('--json', 'NDJSON, one pair per line')
    .action(async (o: { region?: string; active?: boolean; inactive?: boolean; json?: boolean }) => {
      if (o.active && o.inactive) {
        process.stderr.write('--active and --inactive exclude each other\n');
        reg.setExitCode(EXIT.usage);
        return;
      }
      const app = await reg.app();
      const active = o.active ? true : o.inactive ? false : undefined;
      const rows = await listMapping(app.db, { ...(o.region ? { region: o.region } : {}), ...(active === undefined ? {} : { active }) });
      if (o.json) printNdjson(rows);
      else {
        printTable(
          rows.map((r) => ({
            region: r.region,
            code: r.country_state,
            name: r.name ?? '',
            status: r.active ? 'active' : 'inactive',
            source: r.source,
            distributors: r.distributors,
            last_seen: iso(r.last_seen_at),
            deactivated: iso(r.deactivated_at),
            reactivations: r.times_reactivated,
          })),
        );
      }
    });

  cmd
    .command('stats')
    .description('pairs per region (active / inactive / empty), distributors per region, last refresh')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const s = await mappingStats(app.db);
      if (o.json) {
        printJson(s);
        return;
      }
      printTable(s.regions);
      process.stdout.write(
        `\n${s.total} pairs: ${s.active} active, ${s.inactive} inactive, ${s.discovered} discovered, ${s.never_confirmed} never confirmed\n`,
      );
      const lr = s.last_refresh;
      process.stdout.write(
        lr ? `last refresh ${iso(lr.at)}: ${lr.ok ? `ok, ${lr.discovered} pairs` : `failed (${lr.problem ?? ''})`}\n` : 'never refreshed\n',
      );
    });
}
