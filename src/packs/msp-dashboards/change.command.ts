import { printJson, printTable } from '../../cli/cli-output.js';
import type { CommandRegistry } from '../../cli/command-context.js';
import { listLoggedChanges, logChange } from './change-log-store.js';
import { toolRiskDefaults } from './msp-settings.js';

interface LogOpts {
  site: string;
  tool: string;
  category: string;
  action: string;
  summary: string;
  details?: string;
  device?: string;
  vendor?: string;
  engineer?: string;
  ticket?: string;
  rollbackPlan?: string;
  actor: string;
  json?: boolean;
}

/** `sluice change log|list`: the msp-dashboards change log from a terminal or a tool's script. */
export function registerChangeCommands(reg: CommandRegistry): void {
  const change = reg.program.command('change').description('msp-dashboards: log configuration changes and list them');
  change
    .command('log')
    .description('log a change; a high or critical one (firewall, vpn, delete, rollback, …) needs --rollback-plan')
    .requiredOption('--site <site>', 'the UniFi site (id, description or name)')
    .requiredOption('--tool <tool>', 'the tool or person that made the change')
    .requiredOption('--category <category>', 'firmware, network, wifi, security, site, …')
    .requiredOption('--action <action>', 'update, add, remove, delete, rollback, …')
    .requiredOption('--summary <text>', 'one line')
    .option('--details <text>', 'what changed, old → new')
    .option('--device <name>', 'the device changed')
    .option('--vendor <vendor>', 'e.g. Ubiquiti')
    .option('--engineer <name>', 'who made it')
    .option('--ticket <id>', 'ticket id')
    .option('--rollback-plan <text>', 'how to undo it (required for high and critical risk)')
    .option('--actor <name>', 'who logs it (audit)', 'cli')
    .option('--json', 'print JSON')
    .action(async (o: LogOpts) => {
      const app = await reg.app();
      const row = await logChange(app.db, {
        site: o.site, tool: o.tool, category: o.category, action: o.action, summary: o.summary,
        ...(o.details !== undefined ? { details: o.details } : {}),
        ...(o.device !== undefined ? { device: o.device } : {}),
        ...(o.vendor !== undefined ? { vendor: o.vendor } : {}),
        ...(o.engineer !== undefined ? { engineer: o.engineer } : {}),
        ...(o.ticket !== undefined ? { ticket: o.ticket } : {}),
        ...(o.rollbackPlan !== undefined ? { rollback_plan: o.rollbackPlan } : {}),
      }, { actor: o.actor, toolDefaults: await toolRiskDefaults(app) });
      if (o.json) printJson(row);
      else process.stderr.write(`logged ${row.change_id} (${row.risk_level} risk) for ${row.site}\n`);
    });
  change
    .command('list')
    .description('logged changes, newest first')
    .option('--site <site>', 'only this site (as logged, or its site id)')
    .option('--since <iso>', 'logged at or after')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (o: { site?: string; since?: string; limit: string; json?: boolean }) => {
      const app = await reg.app();
      const rows = await listLoggedChanges(app.db, { site: o.site, since: o.since, limit: Number(o.limit) });
      if (o.json) printJson(rows);
      else printTable(rows.map((r) => ({ id: r.change_id, at: r.logged_at, site: r.site, tool: r.tool, category: r.category, action: r.action, risk: r.risk_level, summary: r.summary })));
    });
}
