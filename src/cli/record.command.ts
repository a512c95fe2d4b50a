import { loadRecordDetail } from '../store/record-detail.js';
import { formatTable, printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

/** `sluice record <stream> <key>`: a record, its children, its entities (company), its timeline and people's notes. */
export function registerRecordCommand(reg: CommandRegistry): void {
  reg.program
    .command('record <stream> <key>')
    .description('one record: its fields, children, entities (e.g. its company), change timeline and human annotations')
    .option('--json', 'print JSON')
    .action(async (stream: string, key: string, o: { json?: boolean }) => {
      const d = await loadRecordDetail((await reg.app()).db, stream, key);
      if (o.json) {
        printJson(d);
        return;
      }
      const out: string[] = [`${d.stream} ${d.key} — ${d.status} (version ${d.version})`,
        `first seen ${d.first_seen_at} · last seen ${d.last_seen_at} · last changed ${d.updated_at}${d.removed_at ? ` · removed ${d.removed_at}` : ''}`, ''];
      out.push(formatTable(Object.entries(d.data).map(([field, value]) => ({ field, value: typeof value === 'object' && value !== null ? JSON.stringify(value) : value }))));
      for (const [dest, props] of Object.entries(d.annotations)) {
        out.push('', `annotations from ${dest}:`);
        for (const [prop, a] of Object.entries(props as Record<string, { value: unknown; by: string; at: string }>)) {
          out.push(`  ${prop}: ${JSON.stringify(a.value)} (by ${a.by} at ${a.at})`);
        }
      }
      for (const e of d.entities) {
        out.push('', `${e.type} ${e.name} (${e.id}, ${e.member_count} member(s), confidence ${e.confidence}${e.needs_review ? ', needs review' : ''}):`);
        for (const m of e.members) out.push(`  ${m.source} ${m.key} ${m.name}`);
      }
      for (const [child, list] of Object.entries(d.children)) out.push('', `${child}: ${list.length}`, formatTable(list.map((c) => ({ key: c.key, status: c.status, ...c.data }))));
      out.push('', 'timeline:', formatTable(d.changes.map((c) => ({
        at: c.at, kind: c.kind, actor: c.actor ?? '',
        fields: Object.entries((c.fields ?? {}) as Record<string, { old: unknown; new: unknown }>).map(([f, v]) => `${f}: ${JSON.stringify(v.old)} → ${JSON.stringify(v.new)}`).join('; '),
      })), undefined, 90));
      process.stdout.write(`${out.join('\n')}\n`);
    });
}
