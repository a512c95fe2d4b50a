import type { FieldSpec } from '../core/stream-schema.js';

export const FILTER_OPS = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'contains', 'starts', 'in', 'null', 'notnull'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

export type RecordStatusFilter = 'active' | 'removed' | 'all';

/** The filters of the records endpoint, shared by records, export, aggregates and dashboards. */
export interface RecordFilterInput {
  readonly fields: readonly FieldSpec[];
  /** `field:op:value`, e.g. `country:eq:FR`, `employees:gte:10`, `region:in:EU|NA`, `email:null`. */
  readonly where: readonly string[];
  readonly q?: string | undefined;
  readonly status?: RecordStatusFilter | undefined;
}

export interface FilterTarget {
  /** SQL for a field's value as text (default: `r.data->>'field'`). */
  readonly textOf: (field: string) => string;
  /** SQL for the whole row as text, for `q` (default `r.data::text`); null when `q` does not apply. */
  readonly rowText: string | null;
  /** SQL for the record status, for `status` (default `r.status`); null when status does not apply. */
  readonly status: string | null;
}

/** A schema field name as a SQL literal: inlined (not a parameter) so expression indexes on `data->'field'` match. */
export function fieldLiteral(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export const RECORD_TARGET: FilterTarget = {
  textOf: (field) => `(r.data->>${fieldLiteral(field)})`,
  rowText: 'r.data::text',
  status: 'r.status',
};

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Pure: turns the records endpoint's filters into SQL conditions, parameters through `p`. Collects every problem
 * (unknown field, unknown operator, a value of the wrong type) instead of stopping at the first.
 */
export function buildRecordFilters(
  input: RecordFilterInput,
  p: (v: unknown) => string,
  target: FilterTarget = RECORD_TARGET,
): { conds: string[]; problems: string[] } {
  const conds: string[] = [];
  const problems: string[] = [];
  const byName = new Map(input.fields.map((f) => [f.name, f]));

  const status = input.status ?? 'active';
  if (status !== 'all' && target.status) conds.push(`${target.status} = ${p(status)}`);

  for (const w of input.where) {
    const first = w.indexOf(':');
    const second = first < 0 ? -1 : w.indexOf(':', first + 1);
    const field = first < 0 ? w : w.slice(0, first);
    const op = (second < 0 ? w.slice(first + 1) : w.slice(first + 1, second)) as FilterOp;
    const value = second < 0 ? undefined : w.slice(second + 1);
    const spec = byName.get(field);
    if (!spec) {
      problems.push(`where ${w}: unknown field "${field}"`);
      continue;
    }
    if (!(FILTER_OPS as readonly string[]).includes(op)) {
      problems.push(`where ${w}: unknown operator "${op}" (use ${FILTER_OPS.join(', ')})`);
      continue;
    }
    const text = target.textOf(field);
    if (op === 'null' || op === 'notnull') {
      conds.push(`${text} is ${op === 'null' ? '' : 'not '}null`);
      continue;
    }
    if (value === undefined) {
      problems.push(`where ${w}: "${op}" needs a value (field:${op}:value)`);
      continue;
    }
    const numeric = spec.type === 'integer' || spec.type === 'number';
    const boolean = spec.type === 'boolean';
    const values = op === 'in' ? value.split('|') : [value];
    if (numeric && op !== 'contains' && op !== 'starts' && values.some((v) => v.trim() === '' || !Number.isFinite(Number(v)))) {
      problems.push(`where ${w}: "${field}" is a number`);
      continue;
    }
    if (boolean && !values.every((v) => v === 'true' || v === 'false')) {
      problems.push(`where ${w}: "${field}" is true or false`);
      continue;
    }
    const cast = numeric ? '::numeric' : boolean ? '::boolean' : '';
    const lhs = cast ? `${text}${cast}` : text;
    switch (op) {
      case 'eq':
        conds.push(`${lhs} = ${p(value)}${cast}`);
        break;
      case 'ne':
        conds.push(`${lhs} is distinct from ${p(value)}${cast}`);
        break;
      case 'lt':
      case 'lte':
      case 'gt':
      case 'gte': {
        const sym = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
        conds.push(`${lhs} ${sym} ${p(value)}${cast}`);
        break;
      }
      case 'contains':
        conds.push(`${text} ilike ${p(`%${likeEscape(value)}%`)}`);
        break;
      case 'starts':
        conds.push(`${text} ilike ${p(`${likeEscape(value)}%`)}`);
        break;
      case 'in':
        conds.push(`${lhs} = any(${p(values)}${cast ? `${cast}[]` : '::text[]'})`);
        break;
    }
  }

  if (input.q) {
    if (target.rowText) conds.push(`${target.rowText} ilike ${p(`%${likeEscape(input.q)}%`)}`);
    else problems.push('q: full-text search does not apply here');
  }
  return { conds, problems };
}
