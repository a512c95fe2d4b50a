import { canonicalJson } from '../../core/content-hash.js';

/** One change event with the record's label (its name), as the digest lists it. */
export interface DigestEvent {
  readonly stream: string;
  readonly key: string;
  readonly kind: string;
  readonly label: string;
  readonly fields: Record<string, { old: unknown; new: unknown }> | null;
}

export interface DigestItem {
  readonly stream: string;
  readonly key: string;
  readonly label: string;
  /** Changed fields (updated records), old → new. */
  readonly fields?: Record<string, { old: unknown; new: unknown }>;
}

export interface ChangeDigest {
  readonly title: string;
  readonly counts: { readonly created: number; readonly removed: number; readonly restored: number; readonly updated: number };
  readonly created: readonly DigestItem[];
  readonly removed: readonly DigestItem[];
  readonly restored: readonly DigestItem[];
  readonly updated: readonly DigestItem[];
  /** The message ready to post or render (Slack, Teams, e-mail). */
  readonly markdown: string;
}

type Section = 'created' | 'removed' | 'restored' | 'updated';

/** Lines listed per section in the Markdown; the JSON lists keep every item. */
const MARKDOWN_LIMIT = 100;

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '∅';
  const s = typeof v === 'string' ? v : canonicalJson(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

const md = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');

/**
 * Folds a window of change events into one digest: per record its net change (created then updated is "new",
 * updated twice is one update with the first old and last new value, removed then restored is "restored"). Events
 * of other kinds (annotations, merges) are left out: the digest is about what changed upstream.
 */
export function buildDigest(events: readonly DigestEvent[], title: string): ChangeDigest | null {
  const byRecord = new Map<string, { section: Section; item: DigestItem; fields: Map<string, { old: unknown; new: unknown }> }>();
  for (const e of events) {
    if (e.kind !== 'created' && e.kind !== 'removed' && e.kind !== 'restored' && e.kind !== 'updated') continue;
    const id = `${e.stream}\u0000${e.key}`;
    const prev = byRecord.get(id);
    const item: DigestItem = { stream: e.stream, key: e.key, label: e.label };
    if (!prev) {
      const fields = new Map<string, { old: unknown; new: unknown }>();
      for (const [f, c] of Object.entries(e.fields ?? {})) fields.set(f, { old: c.old, new: c.new });
      byRecord.set(id, { section: e.kind, item, fields });
      continue;
    }
    if (e.kind === 'updated') {
      for (const [f, c] of Object.entries(e.fields ?? {})) {
        const had = prev.fields.get(f);
        prev.fields.set(f, { old: had ? had.old : c.old, new: c.new });
      }
      prev.item = item;
    } else if (e.kind === 'removed') {
      // New and gone within one window: nothing to tell.
      if (prev.section === 'created') byRecord.delete(id);
      else prev.section = 'removed';
    } else if (e.kind === 'restored') {
      prev.section = prev.section === 'removed' ? 'restored' : prev.section;
    } else {
      prev.section = 'created';
    }
  }
  const sections: Record<Section, DigestItem[]> = { created: [], removed: [], restored: [], updated: [] };
  for (const r of byRecord.values()) {
    const changed = [...r.fields.entries()].filter(([, c]) => canonicalJson(c.old) !== canonicalJson(c.new));
    if (r.section === 'updated' && changed.length === 0) continue;
    sections[r.section].push(r.section === 'updated' || r.section === 'restored'
      ? { ...r.item, ...(changed.length ? { fields: Object.fromEntries(changed) } : {}) }
      : r.item);
  }
  for (const list of Object.values(sections)) list.sort((a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key));
  const counts = { created: sections.created.length, removed: sections.removed.length, restored: sections.restored.length, updated: sections.updated.length };
  if (counts.created + counts.removed + counts.restored + counts.updated === 0) return null;
  return { title, counts, ...sections, markdown: digestMarkdown(title, counts, sections) };
}

function digestMarkdown(title: string, counts: ChangeDigest['counts'], sections: Record<Section, DigestItem[]>): string {
  const lines = [`## ${md(title)}`, '', `**${counts.created} new · ${counts.removed} removed · ${counts.restored} restored · ${counts.updated} changed**`];
  const heading: Record<Section, string> = { created: 'New', removed: 'Removed', restored: 'Restored', updated: 'Changed' };
  for (const s of ['created', 'removed', 'restored', 'updated'] as const) {
    const list = sections[s];
    if (list.length === 0) continue;
    lines.push('', `### ${heading[s]} (${list.length})`);
    for (const i of list.slice(0, MARKDOWN_LIMIT)) {
      const changes = Object.entries(i.fields ?? {}).map(([f, c]) => `${md(f)}: ${md(show(c.old))} → ${md(show(c.new))}`);
      lines.push(`- **${md(i.label)}** (\`${i.key.replace(/`/g, "'")}\`)${changes.length ? ` — ${changes.join('; ')}` : ''}`);
    }
    if (list.length > MARKDOWN_LIMIT) lines.push(`- … and ${list.length - MARKDOWN_LIMIT} more`);
  }
  return lines.join('\n');
}
