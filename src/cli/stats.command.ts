import { formatValue } from '../dashboards/render-dashboard-text.js';
import { aggregateStream } from '../store/run-aggregate.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { collectSet } from './parse-set-options.js';

/** `field=value` (as `sluice records --where`) or the API's `field:op:value`. */
function whereClause(w: string): string {
  const eq = w.indexOf('=');
  const colon = w.indexOf(':');
  return eq > 0 && (colon < 0 || eq < colon) ? `${w.slice(0, eq)}:eq:${w.slice(eq + 1)}` : w;
}

/** `sluice stats <stream> --by F --metric M`: the aggregate endpoint in the terminal. */
export function registerStatsCommand(reg: CommandRegistry): void {
  reg.program
    .command('stats <stream>')
    .description('group and count a stream: --by field[:day|week|month] --metric count|count_distinct:f|sum:f|avg:f|min:f|max:f')
    .option('--by <field>', 'group by a field or a time bucket field:day|week|month (repeatable)', collectSet, [])
    .option('--metric <metric>', 'count, count:f, count_distinct:f, sum:f, avg:f, min:f, max:f (repeatable; default count)', collectSet, [])
    .option('--where <filter>', 'field:op:value as the records API, or field=value (repeatable)', collectSet, [])
    .option('--q <text>', 'full-text search')
    .option('--status <status>', 'active | removed | all', 'active')
    .option('--tz <zone>', 'IANA time zone of the buckets', 'UTC')
    .option('--sort <column>', 'a group or metric column, -column descending')
    .option('--limit <n>', 'groups, at most 10000', '1000')
    .option('--json', 'JSON { columns, rows }')
    .action(async (stream: string, o: { by: string[]; metric: string[]; where: string[]; q?: string; status: string; tz: string; sort?: string; limit: string; json?: boolean }) => {
      const app = await reg.app();
      const r = await aggregateStream(app.db, stream, {
        by: o.by, metrics: o.metric.length ? o.metric : ['count'], where: o.where.map(whereClause), q: o.q,
        status: o.status as 'active' | 'removed' | 'all', tz: o.tz, sort: o.sort, limit: Number(o.limit),
      });
      if (o.json) return printJson(r);
      printTable(r.rows.map((row) => Object.fromEntries(r.columns.map((c) => [c.name, formatValue(row[c.name], c.format)]))), r.columns.map((c) => c.name));
    });
}
