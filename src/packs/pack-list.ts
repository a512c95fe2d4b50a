import { unifiChannelsPack } from './unifi-channels/pack.js';

/**
 * Every pack Sluice ships, with the file it is declared in (named in validation errors). Add one line per pack:
 * `['src/packs/<id>/pack.ts', <declaration>]`.
 */
export const PACK_DECLARATIONS: readonly (readonly [string, unknown])[] = [
  ['src/packs/unifi-channels/pack.ts', unifiChannelsPack],
];
