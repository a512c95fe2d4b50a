import { generateAgentData } from '../../src/packs/agents/generate-agent-data.js';
import { crmGenerator } from './crm-generator.js';
import { mlsGenerator } from './mls-generator.js';
import type { LabelledGenerator, LabelledSet } from './labelled-set.js';
import { rosterGenerator } from './roster-generator.js';

/** The project's own generator, wrapped as a labelled set (it records no corruption types). */
export const projectGenerator: LabelledGenerator = {
  name: 'project',
  generate(members: number, seed: number): LabelledSet {
    const d = generateAgentData({ members, seed });
    return { generator: 'project', seed, companyRows: d.companyRows, agentRows: d.agentRows, truth: d.truth, tags: new Map() };
  },
};

/** `mls` was written after the engine was tuned and is never tuned on: its figures are the "unseen generator" check. */
export const GENERATORS: readonly LabelledGenerator[] = [rosterGenerator, crmGenerator, projectGenerator, mlsGenerator];

/** Seeds used while tuning the engine. */
export const TUNING_SEEDS: Readonly<Record<string, readonly number[]>> = { roster: [11, 12, 13], crm: [21, 22, 23], project: [7], mls: [31, 32] };

/**
 * Held back: decided before any tuning, never run while tuning, run only for the final figures (`--held-back`).
 * Results on these are the honest estimate of how the engine does on data it was not tuned on.
 */
export const HELD_BACK_SEEDS: Readonly<Record<string, readonly number[]>> = { roster: [90_101, 90_102], crm: [90_201, 90_202], project: [90_301], mls: [90_401] };
