import type { StreamField } from '../../api/types';

export interface OpChoice {
  op: string;
  label: string;
  /** Whether the operator takes a value. */
  value: boolean;
}

const TEXT: OpChoice[] = [
  { op: 'contains', label: 'contains', value: true },
  { op: 'eq', label: 'is', value: true },
  { op: 'ne', label: 'is not', value: true },
  { op: 'starts', label: 'starts with', value: true },
  { op: 'in', label: 'is one of (a|b)', value: true },
  { op: 'null', label: 'is empty', value: false },
  { op: 'notnull', label: 'is not empty', value: false },
];
const ORDERED: OpChoice[] = [
  { op: 'eq', label: '=', value: true },
  { op: 'ne', label: '≠', value: true },
  { op: 'gt', label: '>', value: true },
  { op: 'gte', label: '≥', value: true },
  { op: 'lt', label: '<', value: true },
  { op: 'lte', label: '≤', value: true },
  { op: 'null', label: 'is empty', value: false },
  { op: 'notnull', label: 'is not empty', value: false },
];
const DATES: OpChoice[] = [
  { op: 'gte', label: 'on or after', value: true },
  { op: 'lt', label: 'before', value: true },
  { op: 'eq', label: 'is', value: true },
  { op: 'null', label: 'is empty', value: false },
  { op: 'notnull', label: 'is not empty', value: false },
];
const BOOL: OpChoice[] = [
  { op: 'eq', label: 'is', value: true },
  { op: 'null', label: 'is empty', value: false },
  { op: 'notnull', label: 'is not empty', value: false },
];

/** The operators that make sense for a field type (the records API's own operators). */
export function opsFor(field: StreamField | undefined): OpChoice[] {
  switch (field?.type) {
    case 'integer':
    case 'number':
      return ORDERED;
    case 'date':
    case 'datetime':
      return DATES;
    case 'boolean':
      return BOOL;
    default:
      return TEXT;
  }
}

export function inputTypeFor(field: StreamField | undefined): string {
  switch (field?.type) {
    case 'integer':
    case 'number':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime-local';
    default:
      return 'text';
  }
}

/** `field:op:value` → a readable chip text. */
export function describeFilter(w: string, fields: readonly StreamField[]): string {
  const [field = '', op = '', ...rest] = w.split(':');
  const value = rest.join(':');
  const choice = opsFor(fields.find((f) => f.name === field)).find((o) => o.op === op);
  return `${field} ${choice?.label ?? op}${choice?.value === false ? '' : ` ${value}`}`;
}

export function isNumeric(f: StreamField | undefined): boolean {
  return f?.type === 'integer' || f?.type === 'number';
}
