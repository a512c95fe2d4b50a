import { mspDashboardsPack } from './msp-dashboards/pack.js';
import { dgiDealersPack } from './dgi-dealers/pack.js';
import { unifiChannelsPack } from './unifi-channels/pack.js';
import { agentsPack } from './agents/pack.js';

/**
 * Every pack Sluice ships, with the file it is declared in (named in validation errors). Add one line per pack:
 * `['src/packs/<id>/pack.ts', <declaration>]`.
 */
export const PACK_DECLARATIONS: readonly (readonly [string, unknown])[] = [
  ['src/packs/unifi-channels/pack.ts', unifiChannelsPack],
  ['src/packs/msp-dashboards/pack.ts', mspDashboardsPack],
  ['src/packs/dgi-dealers/pack.ts', dgiDealersPack],
  ['src/packs/agents/pack.ts', agentsPack],
];
