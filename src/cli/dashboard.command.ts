import { SluiceError } from '../core/errors.js';
import { listDashboards, summaryOf } from '../dashboards/dashboard-store.js';
import { evaluateDashboard } from '../dashboards/evaluate-dashboard.js';
import { renderDashboardText } from '../dashboards/render-dashboard-text.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { collectSet } from './parse-set-options.js';

/** `sluice dashboard list | show <id>`: the dashboards packs declare, evaluated and drawn as terminal tables. */
export function registerDashboardCommands(reg: CommandRegistry): void {
  const dash = reg.program.command('dashboard').description('dashboards declared by packs');

  dash
    .command('list')
    .description('every dashboard page (sub-pages name their parent)')
    .option('--json', 'JSON')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const all = (await listDashboards(app.db)).map(summaryOf);
      if (o.json) return printJson(all);
      printTable(all.map((d) => ({ id: d.id, title: d.title, pack: d.pack ?? '', parent: d.parent ?? '' })), ['id', 'title', 'pack', 'parent']);
    });

  dash
    .command('show <id>')
    .description('evaluate a dashboard: every widget as a table (metrics as a line, charts as their rows)')
    .option('--f <name=value>', 'a filter value (repeatable)', collectSet, [])
    .option('--json', 'the evaluated dashboard as the API returns it')
    .action(async (id: string, o: { f: string[]; json?: boolean }) => {
      const app = await reg.app();
      const filters: Record<string, string> = {};
      for (const f of o.f) {
        const i = f.indexOf('=');
        if (i <= 0) throw new SluiceError('bad_request', `--f ${f}: expected name=value`);
        filters[f.slice(0, i)] = f.slice(i + 1);
      }
      const d = await evaluateDashboard(app.db, id, { filters });
      if (o.json) return printJson(d);
      process.stdout.write(renderDashboardText(d));
    });
}
