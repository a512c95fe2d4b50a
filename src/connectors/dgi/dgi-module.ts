import type { FieldSpec, FieldType } from '../../core/stream-schema.js';

/**
 * One DGI pull endpoint, described as data: the connector builds its stream, child streams, schema and record
 * conversion from this. Field lists use a compact notation — `name`, `name:d` (DD/MM/YYYY date), `name:dt`
 * (DD/MM/YYYY HH:MM:SS), `name:i` (integer), `name:n` (number), `name:pct` (decimal with a comma, "20,5"),
 * and a trailing `!` for required — so each module reads like the spec's table.
 */
export interface DgiChildDef {
  /** Field of the record holding the array, as the spec names it (`parts`, `unit`, `dataAnggotaKeluarga`). */
  readonly path: string;
  /** Child stream name, e.g. `dgi_pkb_parts`. */
  readonly stream: string;
  readonly fields: string;
  /** Business fields identifying an item within its parent. */
  readonly keyFields: readonly string[];
  /** Append the item's position: for arrays whose business fields may repeat (two units of the same type). */
  readonly withIndex?: boolean;
}

export interface DgiModuleDef {
  /** Job type as the dealer dashboard names it (`pkb`, `doch_read`, …). */
  readonly jobType: string;
  readonly stream: string;
  /** Endpoint below `/dgi-api/v1.3/`, e.g. `pkb/read`. */
  readonly endpoint: string;
  readonly title: string;
  /** The document number: with `dealerId` it is the record's business key. */
  readonly idField: string;
  readonly fields: string;
  readonly children: readonly DgiChildDef[];
}

export type DgiValueKind = 'string' | 'date' | 'datetime' | 'integer' | 'number' | 'decimal';

export interface DgiField {
  readonly name: string;
  readonly kind: DgiValueKind;
  readonly required: boolean;
}

const KINDS: Record<string, DgiValueKind> = {
  '': 'string',
  d: 'date',
  dt: 'datetime',
  i: 'integer',
  n: 'number',
  pct: 'decimal',
};

/** Every record and every nested item carries these (spec change log 1.2). */
const AUDIT_FIELDS = 'createdTime:dt modifiedTime:dt';

export function parseFieldList(list: string, withAudit: 'record' | 'child'): DgiField[] {
  const tokens = list.trim().split(/\s+/);
  // Child rows carry their dealer too, so dashboards filter and group them by dealer without joining the parent.
  tokens.push(...(withAudit === 'record' ? `dealerId! ${AUDIT_FIELDS}` : `dealerId ${AUDIT_FIELDS}`).split(' '));
  return tokens.map((token) => {
    const required = token.endsWith('!');
    const [name = '', kindCode = ''] = (required ? token.slice(0, -1) : token).split(':');
    const kind = KINDS[kindCode];
    if (!name || !kind) throw new Error(`bad DGI field token "${token}"`);
    return { name, kind, required };
  });
}

const FIELD_TYPES: Record<DgiValueKind, FieldType> = {
  string: 'string',
  date: 'date',
  datetime: 'datetime',
  integer: 'integer',
  number: 'number',
  decimal: 'number',
};

export function toFieldSpecs(fields: readonly DgiField[]): FieldSpec[] {
  return fields.map((f) => ({ name: f.name, type: FIELD_TYPES[f.kind], ...(f.required ? { required: true } : {}) }));
}
