import { SluiceError } from '../core/errors.js';
import { getEntityRules } from '../resolve/entity-types.js';
import { reviewDetail } from '../resolve/store/review-detail.js';
import { resolveEntities } from '../resolve/store/resolve-entities.js';
import { decideReview, listReviews, splitRecord } from '../resolve/store/review-decisions.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

interface TypeOpts {
  type: string;
  json?: boolean;
  actor?: string;
}

function reviewId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new SluiceError('bad_request', `"${raw}" is not a review item id`);
  return id;
}

export function registerReviewCommands(reg: CommandRegistry): void {
  const review = reg.program.command('review').description('the entity-resolution review queue: list, show, approve, reject, split');
  const common = (c: ReturnType<typeof review.command>) =>
    c.option('--type <type>', 'entity type', 'agent').option('--json', 'print JSON').option('--actor <name>', 'who decides (audit)', 'cli');

  common(review.command('list').description('open review items, strongest first'))
    .option('--status <status>', 'open, approved, rejected or superseded', 'open')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (o: TypeOpts & { status: string; limit: string }) => {
      const app = await reg.app();
      const rows = await listReviews(app.db, getEntityRules(o.type).type, o.status, Number(o.limit));
      if (o.json) printJson(rows);
      else printTable(rows.map((r) => ({ id: r.id, score: r.score, tier: r.tier, cause: r.cause, record_a: r.record_a, record_b: r.record_b, reasons: r.reasons.join('; ') })));
    });

  common(review.command('show <id>').description('one review item: both records side by side, the evidence for and against'))
    .action(async (id: string, o: TypeOpts) => {
      const app = await reg.app();
      const d = await reviewDetail(app.db, reviewId(id));
      const item = d.item;
      if (o.json) {
        printJson({ ...item, records: d.records, evidence: d.evidence });
        return;
      }
      process.stdout.write(`review ${item.id} (${item.status}): score ${item.score}, ${item.tier}, ${item.cause} — ${item.reasons.join('; ')}\n`);
      const [a, b] = d.records;
      const cell = (r: typeof a, k: string) => {
        if (!r) return '(gone)';
        const v = k === 'attributes' ? Object.entries(r.attributes ?? {}).map(([x, y]) => `${x}=${String(y)}`).join(', ') : (r as unknown as Record<string, unknown>)[k];
        return Array.isArray(v) ? v.join(', ') : v === null || v === undefined ? '' : String(v);
      };
      printTable(['record_id', 'source', 'name', 'emails', 'phones', 'scope', 'attributes', 'entity_id']
        .map((k) => ({ field: k, 'record A': cell(a, k), 'record B': cell(b, k) })));
      process.stdout.write(`evidence for:\n${d.evidence.for.map((x) => `  + ${x}`).join('\n') || '  (none)'}\n`);
      process.stdout.write(`evidence against:\n${d.evidence.against.map((x) => `  - ${x}`).join('\n') || '  (none)'}\n`);
      process.stdout.write(`decide: sluice review approve ${item.id}  |  sluice review reject ${item.id}\n`);
    });

  for (const verdict of ['approve', 'reject'] as const) {
    common(review.command(`${verdict} <id>`).description(verdict === 'approve' ? 'merge the pair, for good' : 'keep the pair apart, for good'))
      .action(async (id: string, o: TypeOpts) => {
        const app = await reg.app();
        const item = await decideReview(app.db, reviewId(id), verdict, o.actor ?? 'cli');
        const run = await resolveEntities(app.db, getEntityRules(item.entity_type));
        if (o.json) printJson({ review: item, resolution: run });
        else process.stderr.write(`review ${item.id} ${item.status}; resolution run ${run.run_id}: ${run.records_processed} record(s) re-resolved\n`);
      });
  }

  common(review.command('split <entity> <record>').description('take a record out of an entity and keep it apart for good'))
    .action(async (entity: string, record: string, o: TypeOpts) => {
      const app = await reg.app();
      const rules = getEntityRules(o.type);
      const r = await splitRecord(app.db, rules.type, entity, record, o.actor ?? 'cli');
      const run = await resolveEntities(app.db, rules);
      if (o.json) printJson({ ...r, resolution: run });
      else process.stderr.write(`${record} kept apart from ${r.kept_apart_from.length} record(s); resolution run ${run.run_id} done\n`);
    });
}
