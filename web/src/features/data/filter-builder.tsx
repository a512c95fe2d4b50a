import { useState, type FormEvent } from 'react';
import type { StreamField } from '../../api/types';
import { describeFilter, inputTypeFor, opsFor } from './filters';

/** Builds `field:op:value` filters with operators per field type; each active filter is a removable chip. */
export function FilterBuilder(props: { fields: readonly StreamField[]; where: readonly string[]; onChange: (where: string[]) => void }) {
  const [field, setField] = useState(props.fields[0]?.name ?? '');
  const spec = props.fields.find((f) => f.name === field);
  const ops = opsFor(spec);
  const [op, setOp] = useState(ops[0]?.op ?? 'eq');
  const [value, setValue] = useState('');
  const choice = ops.find((o) => o.op === op) ?? ops[0];
  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    let v = value;
    if (spec?.type === 'datetime' && v) v = new Date(v).toISOString();
    props.onChange([...props.where, choice.value ? `${field}:${choice.op}:${v}` : `${field}:${choice.op}`]);
    setValue('');
  };
  return (
    <div className="stack" style={{ gap: 8 }}>
      <form className="filter-row" onSubmit={add} aria-label="Add a filter">
        <label className="inline-field">
          <span className="sr-only">Filter field</span>
          <select value={field} onChange={(e) => { setField(e.target.value); setOp(opsFor(props.fields.find((f) => f.name === e.target.value))[0]?.op ?? 'eq'); }}>
            {props.fields.map((f) => (
              <option key={f.name} value={f.name}>{f.name}</option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span className="sr-only">Operator</span>
          <select value={choice?.op} onChange={(e) => setOp(e.target.value)}>
            {ops.map((o) => (
              <option key={o.op} value={o.op}>{o.label}</option>
            ))}
          </select>
        </label>
        {choice?.value ? (
          spec?.type === 'boolean' ? (
            <label className="inline-field">
              <span className="sr-only">Value</span>
              <select value={value} onChange={(e) => setValue(e.target.value)} required>
                <option value="">choose…</option>
                <option value="true">true</option>
                <option value="false">false</option>
              </select>
            </label>
          ) : spec?.enum ? (
            <label className="inline-field">
              <span className="sr-only">Value</span>
              <select value={value} onChange={(e) => setValue(e.target.value)} required>
                <option value="">choose…</option>
                {spec.enum.map((v) => (
                  <option key={String(v)} value={String(v)}>{String(v)}</option>
                ))}
              </select>
            </label>
          ) : (
            <label className="inline-field">
              <span className="sr-only">Value</span>
              <input type={inputTypeFor(spec)} value={value} onChange={(e) => setValue(e.target.value)} required placeholder="value" step="any" />
            </label>
          )
        ) : null}
        <button type="submit" className="btn">Add filter</button>
      </form>
      {props.where.length > 0 ? (
        <ul className="chips" aria-label="Active filters" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {props.where.map((w, i) => (
            <li key={`${w}-${i}`} className="chip">
              {describeFilter(w, props.fields)}
              <button type="button" aria-label={`Remove filter ${describeFilter(w, props.fields)}`} onClick={() => props.onChange(props.where.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => props.onChange([])}>Clear all</button>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
