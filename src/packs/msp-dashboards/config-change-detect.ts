import type { FieldChange } from '../../core/diff-records.js';

/**
 * Config changes detected from the field-level history (`changes` rows) of the UniFi Site Manager streams. Only
 * configuration is read: counts of clients or offline devices move all day and are not configuration.
 */
export interface ChangeRow {
  /** The `changes` row id: with the field it makes the detected change's stable id. */
  readonly id: string | number;
  readonly stream: 'unifi_devices' | 'unifi_sites';
  readonly key: string;
  readonly kind: string;
  readonly fields: Readonly<Record<string, FieldChange>> | null;
  readonly at: string;
}

export interface DeviceContext {
  /** The device's current (or last known) name and model, for the summary. */
  readonly name?: string | null;
  readonly model?: string | null;
  readonly siteId: string | null;
}

export interface SiteContext {
  readonly siteId: string;
  /** `meta.desc`, else `meta.name`. */
  readonly displayName: string;
}

export interface DetectedChange {
  readonly changeId: string;
  readonly siteId: string | null;
  readonly siteName: string | null;
  /** The device's name for device changes, null for site changes. */
  readonly device: string | null;
  readonly tool: 'Sluice';
  readonly vendor: 'Ubiquiti';
  readonly category: string;
  readonly action: string;
  readonly summary: string;
  /** `field: old → new`. */
  readonly details: string;
  readonly timestamp: string;
}

interface FieldRule {
  readonly category: string;
  readonly label: string;
  readonly action: (old: unknown, next: unknown) => string;
  readonly summary: (old: string, next: string, target: string) => string;
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '∅' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** Numeric-aware version compare: 7.0.25 > 7.0.23, 10.0.1 > 9.9. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

const DEVICE_RULES: Readonly<Record<string, FieldRule>> = {
  version: {
    category: 'firmware',
    label: 'Firmware',
    action: (o, n) => (typeof o === 'string' && typeof n === 'string' && compareVersions(n, o) < 0 ? 'downgrade' : 'update'),
    summary: (o, n, t) => `Firmware ${o} → ${n} on ${t}`,
  },
  model: { category: 'hardware', label: 'Model', action: () => 'replace', summary: (o, n, t) => `Model ${o} → ${n} on ${t}` },
  name: { category: 'device', label: 'Name', action: () => 'rename', summary: (o, n) => `Renamed ${o} → ${n}` },
  adoptionTime: {
    category: 'adoption',
    label: 'Adoption',
    action: (o, n) => (n === null || n === undefined ? 'unadopt' : o === null || o === undefined ? 'adopt' : 'readopt'),
    summary: (o, n, t) => (n === '∅' ? `Unadopted ${t}` : o === '∅' ? `Adopted ${t}` : `Re-adopted ${t}`),
  },
  isManaged: {
    category: 'management',
    label: 'Managed',
    action: (_o, n) => (n === true ? 'manage' : 'unmanage'),
    summary: (_o, n, t) => (n === 'true' ? `${t} is now managed` : `${t} is no longer managed`),
  },
};

const countAction = (o: unknown, n: unknown) => (typeof o === 'number' && typeof n === 'number' && n < o ? 'remove' : 'add');

const SITE_RULES: Readonly<Record<string, FieldRule>> = {
  desc: { category: 'site', label: 'Site name', action: () => 'rename', summary: (o, n) => `Site renamed ${o} → ${n}` },
  name: { category: 'site', label: 'Site id name', action: () => 'rename', summary: (o, n, t) => `Site name ${o} → ${n} on ${t}` },
  timezone: { category: 'site', label: 'Time zone', action: () => 'update', summary: (o, n, t) => `Time zone ${o} → ${n} on ${t}` },
  ipsMode: { category: 'security', label: 'Gateway IPS mode', action: () => 'update', summary: (o, n, t) => `Gateway IPS mode ${o} → ${n} on ${t}` },
  lanConfiguration: { category: 'network', label: 'LAN configurations', action: countAction, summary: (o, n, t) => `LAN configurations ${o} → ${n} on ${t}` },
  wanConfiguration: { category: 'network', label: 'WAN configurations', action: countAction, summary: (o, n, t) => `WAN configurations ${o} → ${n} on ${t}` },
  wifiConfiguration: { category: 'wifi', label: 'Wi-Fi configurations', action: countAction, summary: (o, n, t) => `Wi-Fi configurations ${o} → ${n} on ${t}` },
};

/** Device fields and site fields the detection reads (the UniFi streams carry all of them). */
export const DETECTED_DEVICE_FIELDS = Object.keys(DEVICE_RULES);
export const DETECTED_SITE_FIELDS = Object.keys(SITE_RULES);

/**
 * Detected config changes of one `changes` row: one per configuration field that changed in an update. Created and
 * removed records are inventory, not configuration (a first sync would otherwise report every device).
 */
export function detectConfigChanges(
  row: ChangeRow, devices: ReadonlyMap<string, DeviceContext>, sites: ReadonlyMap<string, SiteContext>,
): DetectedChange[] {
  if (row.kind !== 'updated' || !row.fields) return [];
  const rules = row.stream === 'unifi_devices' ? DEVICE_RULES : SITE_RULES;
  const dev = row.stream === 'unifi_devices' ? devices.get(row.key) : undefined;
  const siteId = row.stream === 'unifi_sites' ? row.key : dev?.siteId ?? null;
  const site = siteId !== null ? sites.get(siteId) : undefined;
  const out: DetectedChange[] = [];
  for (const [path, change] of Object.entries(row.fields)) {
    const rule = rules[path];
    if (!rule) continue;
    const old = show(change.old);
    const next = show(change.new);
    let target: string;
    if (row.stream === 'unifi_devices') {
      // The name before a rename identifies the device in its own summary; otherwise its current name.
      const name = path === 'name' ? old : dev?.name ?? row.key;
      target = name;
    } else {
      target = site?.displayName ?? row.key;
    }
    out.push({
      changeId: `${row.id}:${path}`,
      siteId,
      siteName: site?.displayName ?? null,
      device: row.stream === 'unifi_devices' ? (dev?.name ?? row.key) : null,
      tool: 'Sluice',
      vendor: 'Ubiquiti',
      category: rule.category,
      action: rule.action(change.old, change.new),
      summary: rule.summary(old, next, target),
      details: `${rule.label}: ${old} → ${next}`,
      timestamp: row.at,
    });
  }
  return out;
}
