/** UniFi hardware the simulator deploys: real model names, short names, product lines and firmware trains. */
export type DeviceRole = 'console' | 'gateway' | 'switch' | 'ap' | 'nvr' | 'camera';

export interface UnifiModel {
  readonly model: string;
  readonly shortname: string;
  readonly productLine: 'network' | 'protect';
  readonly role: DeviceRole;
  /** Firmware at generation time; releases bump the patch number. */
  readonly firmware: string;
}

export const CONSOLE_MODELS: readonly UnifiModel[] = [
  { model: 'UDM Pro', shortname: 'UDMPRO', productLine: 'network', role: 'console', firmware: '4.1.13' },
  { model: 'UDM SE', shortname: 'UDMPROSE', productLine: 'network', role: 'console', firmware: '4.1.13' },
  { model: 'UDR7', shortname: 'UDR7', productLine: 'network', role: 'console', firmware: '4.3.9' },
  { model: 'UCG Ultra', shortname: 'UCGULTRA', productLine: 'network', role: 'console', firmware: '4.2.12' },
  { model: 'UCG Max', shortname: 'UCGMAX', productLine: 'network', role: 'console', firmware: '4.2.12' },
];

export const GATEWAY_MODELS: readonly UnifiModel[] = [
  { model: 'UXG Pro', shortname: 'UXGPRO', productLine: 'network', role: 'gateway', firmware: '4.0.21' },
  { model: 'UXG Lite', shortname: 'UXGLITE', productLine: 'network', role: 'gateway', firmware: '4.0.21' },
];

export const SWITCH_MODELS: readonly UnifiModel[] = [
  { model: 'USW Pro 24 PoE', shortname: 'USPM24P', productLine: 'network', role: 'switch', firmware: '7.1.26' },
  { model: 'USW Lite 8 PoE', shortname: 'USL8LP', productLine: 'network', role: 'switch', firmware: '7.1.26' },
  { model: 'USW Flex Mini', shortname: 'USMINI', productLine: 'network', role: 'switch', firmware: '2.1.6' },
  { model: 'USW 24 PoE', shortname: 'USL24P', productLine: 'network', role: 'switch', firmware: '7.0.50' },
];

export const AP_MODELS: readonly UnifiModel[] = [
  { model: 'U6 Pro', shortname: 'UAP6MP', productLine: 'network', role: 'ap', firmware: '6.6.77' },
  { model: 'U6 Lite', shortname: 'UAL6', productLine: 'network', role: 'ap', firmware: '6.6.77' },
  { model: 'U6 LR', shortname: 'UALR6v2', productLine: 'network', role: 'ap', firmware: '6.6.77' },
  { model: 'U7 Pro', shortname: 'U7PRO', productLine: 'network', role: 'ap', firmware: '7.0.66' },
  { model: 'UAP AC Pro', shortname: 'U7PG2', productLine: 'network', role: 'ap', firmware: '6.5.62' },
];

export const NVR_MODEL: UnifiModel = { model: 'UNVR', shortname: 'UNVR', productLine: 'protect', role: 'nvr', firmware: '4.0.20' };

export const CAMERA_MODELS: readonly UnifiModel[] = [
  { model: 'G4 Bullet', shortname: 'UVCG4BULLET', productLine: 'protect', role: 'camera', firmware: '4.72.38' },
  { model: 'G5 Turret Ultra', shortname: 'UVCG5TURRETULTRA', productLine: 'protect', role: 'camera', firmware: '4.72.38' },
  { model: 'G4 Doorbell Pro', shortname: 'UVCG4DOORBELLPRO', productLine: 'protect', role: 'camera', firmware: '4.72.38' },
];

export const ALL_MODELS: readonly UnifiModel[] = [
  ...CONSOLE_MODELS, ...GATEWAY_MODELS, ...SWITCH_MODELS, ...AP_MODELS, NVR_MODEL, ...CAMERA_MODELS,
];

/** Ubiquiti OUIs, so generated MACs look like the vendor's. */
export const UBIQUITI_OUIS = ['F4E2C6', '74ACB9', 'D8B370', 'E063DA', '245A4C', '78455F', 'AC8BA9', '1C6A1B', '9C05D6', '28704E'];

export const ISPS: readonly { readonly name: string; readonly organization: string }[] = [
  { name: 'AT&T', organization: 'AT&T Enterprises, LLC' },
  { name: 'Comcast Business', organization: 'Comcast Cable Communications, LLC' },
  { name: 'Spectrum', organization: 'Charter Communications Inc' },
  { name: 'Cox Business', organization: 'Cox Communications Inc.' },
  { name: 'Lumen', organization: 'CenturyLink Communications, LLC' },
  { name: 'Frontier', organization: 'Frontier Communications of America, Inc.' },
];

/** The next patch release of a dotted version ("4.1.13" → "4.1.14"). */
export function bumpPatch(version: string): string {
  const parts = version.split('.');
  const last = Number(parts[parts.length - 1] ?? '0');
  parts[parts.length - 1] = String(Number.isFinite(last) ? last + 1 : 1);
  return parts.join('.');
}
