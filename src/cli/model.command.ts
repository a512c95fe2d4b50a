import { SluiceError } from '../core/errors.js';
import { describeModels } from '../models/describe-models.js';
import { refreshModel, refreshModels, type ModelRefreshSummary } from '../models/refresh-model.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';
import { EXIT } from './exit-codes.js';

function exitOf(summaries: readonly ModelRefreshSummary[]): number {
  if (summaries.some((s) => s.status === 'failed' || s.status === 'cancelled')) return EXIT.failure;
  return summaries.some((s) => s.status === 'partial') ? EXIT.partial : EXIT.ok;
}

/** `sluice model list | show <name> | refresh <name>`. */
export function registerModelCommands(reg: CommandRegistry): void {
  const model = reg.program.command('model').description('models: derived streams refreshed from their inputs');

  model
    .command('list')
    .description('every model with its inputs, counts and last run')
    .option('--json', 'JSON')
    .action(async (o: { json?: boolean }) => {
      const app = await reg.app();
      const all = await describeModels(app.db);
      if (o.json) return printJson(all);
      printTable(all.map((m) => ({
        name: m.name, kind: m.kind, pack: m.pack ?? '', inputs: m.inputs.join(','), active: m.counts.active, removed: m.counts.removed,
        validation: m.validation ?? '', last_run: m.last_run?.status ?? '', refreshed: m.last_run?.finished_at ?? '',
      })));
    });

  model
    .command('show <name>')
    .description('a model: declaration, validation, counts, last run')
    .option('--json', 'JSON')
    .action(async (name: string, o: { json?: boolean }) => {
      const app = await reg.app();
      const m = (await describeModels(app.db)).find((x) => x.name === name);
      if (!m) throw new SluiceError('not_found', `no model named "${name}"`);
      if (o.json) return printJson(m);
      const out = [
        `${m.name} (${m.kind} model${m.pack ? `, pack ${m.pack}` : ''})${m.title ? ` — ${m.title}` : ''}`,
        ...(m.description ? [m.description] : []),
        `inputs:      ${m.inputs.join(', ') || '(none)'}`,
        `read by:     ${m.dependents.join(', ') || '(none)'}`,
        ...(m.kind === 'sql' ? [`key:         ${m.primary_key.join(', ')}`, `fields:      ${m.fields.map((f) => `${f.name}:${f.type}`).join(', ')}`] : []),
        ...(m.transforms.length ? [`transforms:  ${m.transforms.join(', ')}`] : []),
        ...(m.validation ? [`validation:  ${m.validation}${m.validation_error ? ` — ${m.validation_error.message}` : ''}`] : []),
        `records:     ${m.counts.active} active, ${m.counts.removed} removed`,
        `last run:    ${m.last_run ? `${m.last_run.status} ${m.last_run.id} at ${(m.last_run.finished_at ?? m.last_run.started_at).toISOString()}${m.last_run.error ? ` — ${m.last_run.error.message}` : ''}` : '(never refreshed)'}`,
        ...(m.sql ? ['', m.sql.trim()] : []),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    });

  model
    .command('refresh <name>')
    .description('refresh a model now (`*` for every model, in dependency order); models reading it follow when it changed')
    .option('--no-downstream', 'only this model, not the models reading it')
    .option('--json', 'JSON summary')
    .action(async (name: string, o: { downstream: boolean; json?: boolean }) => {
      const app = await reg.app();
      let summaries: ModelRefreshSummary[];
      if (name === '*') summaries = await refreshModels(app, { trigger: 'manual' });
      else {
        const first = await refreshModel(app, name, { trigger: 'manual' });
        summaries = [first];
        if (o.downstream && first.changed) summaries.push(...(await refreshModels(app, { changedStreams: [name], trigger: `model:${first.run_id}` })));
      }
      reg.setExitCode(exitOf(summaries));
      if (o.json) return printJson(name === '*' || summaries.length > 1 ? { models: summaries } : summaries[0]);
      printTable(summaries.map((s) => {
        const c = s.streams[s.model];
        return {
          model: s.model, status: s.status, created: c?.created ?? '', updated: c?.updated ?? '', removed: c?.removed ?? '', unchanged: c?.unchanged ?? '',
          quarantined: c?.quarantined ?? '', seconds: (s.duration_ms / 1000).toFixed(1), problem: s.error?.message ?? s.flags.join('; '),
        };
      }));
    });
}
