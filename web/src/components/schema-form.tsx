import { useId } from 'react';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
  description?: string;
  title?: string;
  default?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  const?: unknown;
}

export type FormValues = Record<string, unknown>;

/** A union (`a,b` or `["a","b"]`) is edited as its text form when it has one, else as its first non-null form. */
function effective(s: JsonSchema): JsonSchema {
  if (!s.anyOf) return s;
  const alts = s.anyOf.filter((a) => a.type !== 'null');
  const alt = alts.find((a) => a.type === 'string') ?? alts[0];
  return alt ? { ...alt, description: s.description ?? alt.description, default: s.default ?? alt.default } : s;
}

function typeOf(s: JsonSchema): string {
  if (s.enum) return 'enum';
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  return t ?? 'json';
}

/** Labels and help the connector declares for its fields (ConfigFieldInfo), over the schema's own names. */
export interface FieldInfo {
  name: string;
  label?: string;
  description?: string;
}

/**
 * A form generated from a JSON Schema the API serves (connector and destination configs, pack settings). Secret
 * fields are write-only: the server shows "••••" when one is set, and a blank input keeps it.
 */
export function SchemaForm(props: { schema: JsonSchema; secrets?: readonly string[]; fields?: readonly unknown[]; values: FormValues; onChange: (v: FormValues) => void; existing?: boolean }) {
  const info = new Map((props.fields ?? []).map((f) => [(f as FieldInfo).name, f as FieldInfo]));
  const base = useId();
  const props_ = props.schema.properties ?? {};
  const required = new Set(props.schema.required ?? []);
  const set = (k: string, v: unknown) => {
    const next = { ...props.values };
    if (v === undefined || v === '') delete next[k];
    else next[k] = v;
    props.onChange(next);
  };
  const entries = Object.entries(props_);
  if (entries.length === 0) return <p className="muted">This has no settings.</p>;
  return (
    <div className="schema-form">
      {entries.map(([k, raw]) => {
        const s = effective(raw);
        const fi = info.get(k);
        const id = `${base}-${k}`;
        const t = typeOf(s);
        const secret = props.secrets?.includes(k) ?? false;
        const v = props.values[k];
        const label = (
          <span>
            {fi?.label ?? s.title ?? k}
            {required.has(k) && !(secret && props.existing) ? <span aria-hidden="true"> *</span> : null}
          </span>
        );
        const hint = [fi?.description ?? s.description, secret ? (props.existing ? 'Secret: leave blank to keep the stored value.' : 'Secret: stored encrypted, never shown again.') : null]
          .filter(Boolean)
          .join(' ');
        const hintEl = hint ? <span className="hint" id={`${id}-hint`}>{hint}</span> : null;
        const described = hint ? `${id}-hint` : undefined;
        if (t === 'boolean') {
          return (
            <div key={k} className="field">
              <label className="row" htmlFor={id}>
                <input id={id} type="checkbox" checked={v === true || (v === undefined && s.default === true)} onChange={(e) => set(k, e.target.checked)} aria-describedby={described} />
                {label}
              </label>
              {hintEl}
            </div>
          );
        }
        return (
          <div key={k} className="field">
            <label htmlFor={id}>{label}</label>
            {t === 'enum' ? (
              <select id={id} value={v === undefined ? '' : String(v)} onChange={(e) => set(k, e.target.value || undefined)} required={required.has(k)} aria-describedby={described}>
                <option value="">{s.default !== undefined ? `default (${String(s.default)})` : 'choose…'}</option>
                {(s.enum ?? []).map((o) => <option key={String(o)} value={String(o)}>{String(o)}</option>)}
              </select>
            ) : t === 'integer' || t === 'number' ? (
              <input id={id} type="number" step={t === 'integer' ? 1 : 'any'} min={s.minimum} max={s.maximum} value={v === undefined ? '' : String(v)} placeholder={s.default !== undefined ? String(s.default) : ''} onChange={(e) => set(k, e.target.value === '' ? undefined : Number(e.target.value))} required={required.has(k) && s.default === undefined} aria-describedby={described} />
            ) : t === 'array' && s.items && typeOf(s.items) === 'string' ? (
              <input id={id} value={Array.isArray(v) ? v.join(', ') : ''} placeholder="comma-separated" onChange={(e) => set(k, e.target.value ? e.target.value.split(',').map((x) => x.trim()).filter(Boolean) : undefined)} aria-describedby={described} />
            ) : t === 'object' || t === 'array' || t === 'json' ? (
              <textarea id={id} className="mono" defaultValue={v === undefined ? '' : JSON.stringify(v, null, 2)} placeholder="JSON" onBlur={(e) => { try { set(k, e.target.value ? (JSON.parse(e.target.value) as unknown) : undefined); } catch { e.target.setCustomValidity('not valid JSON'); e.target.reportValidity(); } }} onChange={(e) => e.target.setCustomValidity('')} aria-describedby={described} />
            ) : (
              <input id={id} type={secret ? 'password' : s.format === 'uri' ? 'url' : s.format === 'email' ? 'email' : 'text'} autoComplete={secret ? 'new-password' : 'off'} value={secret && v === '••••' ? '' : v === undefined ? '' : String(v)} placeholder={secret && (props.existing || v === '••••') ? '•••• (set — leave blank to keep)' : s.default !== undefined ? String(s.default) : ''} onChange={(e) => set(k, e.target.value || undefined)} required={required.has(k) && s.default === undefined && !(secret && props.existing)} aria-describedby={described} />
            )}
            {hintEl}
          </div>
        );
      })}
    </div>
  );
}

/** Drops write-only placeholders ("••••") and unset secrets so an update keeps the stored secrets. */
export function withoutSecretPlaceholders(values: FormValues, secrets: readonly string[]): FormValues {
  const out: FormValues = {};
  for (const [k, v] of Object.entries(values)) {
    if (secrets.includes(k) && (v === '••••' || v === null || v === '')) continue;
    out[k] = v;
  }
  return out;
}
