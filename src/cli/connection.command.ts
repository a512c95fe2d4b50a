import { writeAudit } from '../auth/audit-log.js';
import { getConnector } from '../connectors/registry.js';
import { PIPELINE_SETTING_KEYS } from '../core/pipeline-settings.js';
import {
  createConnection,
  getConnection,
  listConnections,
  loadConnectionConfig,
  removeConnection,
  updateConnection,
} from '../store/connection-store.js';
import { printJson, printNdjson, printTable } from './cli-output.js';
import { resolveConnectionSecrets } from '../secrets/resolve-connection-secrets.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';
import { collectSet, parseSetOptions } from './parse-set-options.js';
import { resolveStoragePaths } from '../storage/resolve-storage-paths.js';

function split(all: Record<string, unknown>): { config: Record<string, unknown>; settings: Record<string, unknown> } {
  const config: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) (PIPELINE_SETTING_KEYS.includes(k) ? settings : config)[k] = v;
  return { config, settings };
}

export function registerConnectionCommands(reg: CommandRegistry): void {
  const cmd = reg.program.command('connection').description('manage connections to sources');

  cmd
    .command('add <name>')
    .description('add a connection (config validated by the connector; secrets encrypted at rest)')
    .requiredOption('--connector <id>', 'connector id (see `sluice connectors`)')
    .option('--set <key=value>', 'a config value (repeatable; value @FILE reads a file)', collectSet, [])
    .option('--config-file <file>', 'config as a JSON object')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { connector: string; set: string[]; configFile?: string; json?: boolean }) => {
      const app = await reg.app();
      const { config, settings } = split(parseSetOptions(o.set, o.configFile));
      const c = await createConnection(app.db, app.secrets, { name, connector: o.connector, config, settings });
      if (o.json) printJson(c);
      else process.stderr.write(`connection "${c.name}" added (${c.connector})\n`);
    });

  cmd
    .command('update <name>')
    .description('change config values (secrets not given keep their value)')
    .option('--set <key=value>', 'a config value (repeatable)', collectSet, [])
    .option('--config-file <file>', 'config as a JSON object')
    .option('--enable', 'enable the connection')
    .option('--disable', 'disable the connection')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, o: { set: string[]; configFile?: string; enable?: boolean; disable?: boolean; json?: boolean }) => {
      const app = await reg.app();
      const { config, settings } = split(parseSetOptions(o.set, o.configFile));
      const enabled = o.enable ? true : o.disable ? false : undefined;
      const c = await updateConnection(app.db, app.secrets, name, { config, settings, ...(enabled === undefined ? {} : { enabled }) });
      if (o.json) printJson(c);
      else process.stderr.write(`connection "${c.name}" updated\n`);
    });

  cmd
    .command('list')
    .description('list connections')
    .option('--json', 'NDJSON, one connection per line')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const rows = await listConnections(app.db);
      if (o.json) printNdjson(rows);
      else printTable(rows.map((r) => ({ name: r.name, connector: r.connector, enabled: r.enabled, updated: r.updated_at })));
    });

  cmd
    .command('show <name>')
    .description('show a connection (secrets shown as ••••)')
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const app = await reg.app();
      const c = await getConnection(app.db, name);
      if (o.json) printJson(c);
      else process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
    });

  cmd
    .command('test <name>')
    .description("run the connector's check: reachable, credentials accepted")
    .option('--json', 'print as JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const app = await reg.app();
      const { connection, config } = await loadConnectionConfig(app.db, app.secrets, name);
      const connector = getConnector(connection.connector);
      await writeAudit(app.db, { actor: 'cli', action: 'secret.read', target: `connection:${name}`, details: { purpose: 'test' } });
      const resolved = await resolveConnectionSecrets(app, connection.name, config, connector.manifest.secrets, 'test');
      const r = await connector.check(await resolveStoragePaths(app.storage, resolved), {
        logger: app.logger, http: app.http, signal: new AbortController().signal, now: () => new Date(),
        defaultPhoneRegion: app.config.defaultPhoneRegion,
      });
      if (o.json) printJson(r);
      else process.stderr.write(`${r.ok ? 'ok' : 'FAILED'}: ${r.message}\n`);
      reg.setExitCode(r.ok ? EXIT.ok : EXIT.failure);
    });

  cmd
    .command('remove <name>')
    .description('remove a connection (its records stay)')
    .action(async (name: string) => {
      const app = await reg.app();
      await removeConnection(app.db, name);
      process.stderr.write(`connection "${name}" removed\n`);
    });

  reg.program
    .command('connectors')
    .description('list the available connectors and their config fields')
    .option('--json', 'NDJSON')
    .action(async (o: { json?: boolean }) => {
      const { listConnectors } = await import('../connectors/registry.js');
      const list = listConnectors().map((c) => ({
        id: c.manifest.id, name: c.manifest.name, description: c.manifest.description,
        fields: c.manifest.fields.map((f) => `${f.name}${f.secret ? ' (secret)' : ''}${f.required ? '*' : ''}`).join(', '),
      }));
      if (o.json) printNdjson(list);
      else printTable(list, ['id', 'name', 'fields']);
    });
}
