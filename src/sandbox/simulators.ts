import { createDgiSimulator, type DgiSimWorldOptions } from './dgi/dgi.simulator.js';
import { createHooksSimulator } from './hooks/hooks.simulator.js';
import { createNinjaOneSimulator } from './ninjaone/ninjaone.simulator.js';
import { createNotionSimulator } from './notion/notion.simulator.js';
import type { Simulator } from './simulator.js';
import { createUiSimulator } from './ui/ui.simulator.js';
import { createUnifiSimulator } from './unifi/unifi.simulator.js';

/** One line per upstream simulator; `sluice sandbox` and the tests serve all of them under their prefixes. */
export function createSimulators(opts: { dgi?: DgiSimWorldOptions } = {}): Simulator[] {
  return [createNotionSimulator(), createUiSimulator(), createDgiSimulator({}, opts.dgi), createUnifiSimulator(), createNinjaOneSimulator(), createHooksSimulator()];
}
