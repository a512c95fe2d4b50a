import type { PartChange } from '../packs/apply-pack-parts.js';
import { addPackInstance, installPack, type InstallResult } from '../packs/install-pack.js';
import { describePack, listPackCatalog } from '../packs/pack-catalog.js';
import { fetchSandboxSource } from '../packs/pack-sandbox.js';
import { packStatus } from '../packs/pack-status.js';
import { runPack, type PackRunSummary } from '../packs/run-pack.js';
import { uninstallPack } from '../packs/uninstall-pack.js';
import { formatTable, printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { SluiceError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
import { collectSet, parseSetOptions } from './parse-set-options.js';

function changeLine(c: PartChange): string {
  const extra = c.missing?.length ? ` (needs ${c.missing.join(', ')})` : c.changed?.length ? ` (${c.changed.join(', ')})` : c.error ? ` (${c.error})` : '';
  return `  ${c.action.padEnd(9)} ${c.kind.padEnd(11)} ${c.name}${extra}`;
}

function printInstall(r: InstallResult): void {
  process.stdout.write(`${r.pack} ${r.version}: ${r.status}\n${r.changes.map(changeLine).join('\n')}\n`);
  if (r.missing.length > 0) {
    process.stdout.write(`still needed: ${r.missing.join(', ')}\n  give them with: sluice pack install ${r.pack} ${r.missing.filter((m) => !m.includes(' ')).map((m) => `--set ${m}=…`).join(' ')}\n`);
  }
}

export function formatPackRun(s: PackRunSummary): string {
  const rows = s.steps.map((x) => ({
    step: x.kind,
    part: x.name,
    status: x.status,
    counts: x.kind === 'push' && x.counts
      ? `plan ${JSON.stringify(x.counts.plan)} pushed ${String(x.counts.pushed)} pulled ${String(x.counts.pulled ?? 0)}`
      : x.counts ? JSON.stringify(x.counts).slice(0, 120) : '',
    seconds: (x.duration_ms / 1000).toFixed(1),
    error: x.error ?? '',
  }));
  return `pack ${s.pack}: ${s.status} in ${(s.duration_ms / 1000).toFixed(1)} s (run ${s.run_id})\n${formatTable(rows)}\n`;
}

/** `sluice pack list|show|install|add|status|run|uninstall`: the declarative bundles of src/packs. */
export function registerPackCommands(reg: CommandRegistry): void {
  const pack = reg.program.command('pack').description('install, run and inspect packs (ready-made systems: connections, models, Notion, dashboards)');

  pack
    .command('list')
    .description('every pack and whether it is installed')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await listPackCatalog(await reg.app());
      if (o.json) printJson(list);
      else printTable(list.map((p) => ({ id: p.id, version: p.version, installed: p.installed ? `${p.installed.status} (${p.installed.version})` : '-', description: p.description })));
    });

  pack
    .command('show <id>')
    .description('what a pack creates and the settings it takes (--set <part>.<setting>=value)')
    .option('--json', 'print JSON')
    .action((id: string, o: { json?: boolean }) => {
      const d = describePack(id);
      if (o.json) {
        printJson(d);
        return;
      }
      process.stdout.write(`${d.name} (${d.id} ${d.version})\n${d.description}\n\nsettings:\n`);
      printTable(d.settings.map((s) => ({ key: s.key, type: s.type, default: s.default ?? '', required: s.required ? 'yes' : '', description: s.description })));
      process.stdout.write(`\nconnections: ${d.connections.map((c) => `${c.id} (${c.connector})`).join(', ') || '-'}\n`);
      process.stdout.write(`entities: ${d.entities.map((e) => `${e.type} from ${e.stream}`).join(', ') || '-'}\n`);
      process.stdout.write(`models: ${d.models.join(', ') || '-'}\n`);
      process.stdout.write(`destinations: ${d.destinations.map((x) => `${x.id} (${x.kind}${x.optional ? ', optional' : ''})`).join(', ') || '-'}\n`);
      process.stdout.write(`schedules: ${d.schedules.map((s) => `${s.target} "${s.cron}" ${s.timezone}`).join(', ') || '-'}\n`);
      process.stdout.write(`dashboards: ${d.dashboards.join(', ') || '-'}\n`);
      for (const i of d.instances) process.stdout.write(`instance template ${i.template}: ${i.description} (sluice pack add ${d.id} ${i.template} <name> ${i.settings.map((s) => `--set ${s.key}=…`).join(' ')})\n`);
    });

  pack
    .command('install <id>')
    .description('install or upgrade (idempotent; never drops data or people\'s edits); credentials not given yet are listed')
    .option('--set <key=value>', '<part>.<setting>=value (repeatable), e.g. notion.token=… ; value @file reads a file', collectSet, [])
    .option('--sandbox <url>', 'fill every base URL and credential from the simulators served at URL (sluice sandbox)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { set: string[]; sandbox?: string; json?: boolean }) => {
      const app = await reg.app();
      const sandbox = o.sandbox ? await fetchSandboxSource(o.sandbox) : undefined;
      const r = await installPack(app, id, { set: parseSetOptions(o.set), ...(sandbox ? { sandbox } : {}) });
      if (o.json) printJson(r);
      else printInstall(r);
    });

  pack
    .command('add <id> <template> <name>')
    .description('add (or update) an instance of a repeatable part, e.g. a dealer: sluice pack add dgi-dealers dealer D001 --set dealer.api_key=…')
    .option('--set <key=value>', '<template>.<setting>=value (repeatable)', collectSet, [])
    .option('--json', 'print JSON')
    .action(async (id: string, template: string, name: string, o: { set: string[]; json?: boolean }) => {
      const r = await addPackInstance(await reg.app(), id, template, name, { set: parseSetOptions(o.set) });
      if (o.json) printJson(r);
      else printInstall(r);
    });

  pack
    .command('status <id>')
    .description('each part: last run and outcome, counts, failures, next scheduled time')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const s = await packStatus(await reg.app(), id);
      if (o.json) {
        printJson(s);
        return;
      }
      process.stdout.write(`${s.name} (${s.pack}) ${s.installed_version}${s.installed_version !== s.version ? ` (declared ${s.version}: install again to upgrade)` : ''}: ${s.status}\n`);
      if (s.missing.length) process.stdout.write(`still needed: ${s.missing.join(', ')}\n`);
      if (s.last_run) process.stdout.write(`last run: ${s.last_run.status} at ${s.last_run.started_at}\n`);
      printTable(s.parts.map((p) => ({
        kind: p.kind, name: p.name, last: p.last_status ?? '-', at: p.last_run_at ?? '-',
        counts: Object.entries(p.counts).map(([k, v]) => `${k} ${v}`).join(', '), next: p.next_run_at ?? '', failures: p.failures.join('; '),
      })));
    });

  pack
    .command('run <id>')
    .description('sync, resolve, refresh models and push, in dependency order; exit 0 ok / 2 partial / 1 failed')
    .option('--param <key=value>', 'a run parameter handed to the pack\'s models (repeatable)', collectSet, [])
    .option('--health-date <YYYY-MM-DD>', 'msp-dashboards: (re)compute Daily Health for this day (same as --param health_date=…)')
    .option('--json', 'print the summary as JSON')
    .action(async (id: string, o: { json?: boolean; param: string[]; healthDate?: string }) => {
      const params: Record<string, string> = Object.fromEntries(Object.entries(parseSetOptions(o.param)).map(([k, v]) => [k, String(v)]));
      if (o.healthDate !== undefined) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(o.healthDate) || Number.isNaN(Date.parse(`${o.healthDate}T00:00:00Z`))) {
          throw new SluiceError('validation_failed', `--health-date must be a date YYYY-MM-DD, got "${o.healthDate}"`);
        }
        params.health_date = o.healthDate;
      }
      const app = await reg.app();
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      try {
        const s = await runPack(app, id, { trigger: 'cli', signal: controller.signal, ...(Object.keys(params).length ? { params } : {}) });
        if (o.json) printJson(s);
        else process.stdout.write(formatPackRun(s));
        reg.setExitCode(s.status === 'succeeded' ? EXIT.ok : s.status === 'partial' ? EXIT.partial : EXIT.failure);
      } finally {
        process.off('SIGINT', stop);
      }
    });

  pack
    .command('uninstall <id>')
    .description('remove what the pack created; --keep-data keeps its streams, records, history and entities')
    .option('--keep-data', 'keep the data (a later install picks it up again)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { keepData?: boolean; json?: boolean }) => {
      const r = await uninstallPack(await reg.app(), id, { keepData: o.keepData ?? false });
      if (o.json) printJson(r);
      else process.stdout.write(`${r.pack} uninstalled${r.keptData ? ' (data kept)' : ''}\n${r.changes.map(changeLine).join('\n')}\n${r.droppedStreams.length ? `dropped streams: ${r.droppedStreams.join(', ')}\n` : ''}`);
    });
}
