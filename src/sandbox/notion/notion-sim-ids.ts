import { randomUUID } from 'node:crypto';

/** Notion accepts ids with or without dashes and answers with the dashed form. */
export function normaliseId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const newId = (): string => randomUUID();

/** Short property ids as Notion uses them ("title" for the title property). */
export function newPropertyId(): string {
  return encodeURIComponent(randomUUID().replace(/-/g, '').slice(0, 4));
}

/** Pages and data sources report times truncated to the minute; the pull-back margin exists because of this. */
export function minuteIso(d: Date): string {
  const t = new Date(d.getTime());
  t.setUTCSeconds(0, 0);
  return t.toISOString();
}

/** Databases report millisecond times with an explicit offset, as recorded. */
export function databaseIso(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

export function richText(content: string): Record<string, unknown> {
  return {
    type: 'text',
    text: { content, link: null },
    annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
    plain_text: content,
    href: null,
  };
}

export function pageUrl(id: string): string {
  return `https://app.notion.com/p/${id.replace(/-/g, '')}`;
}
