import type { AppContext } from '../main/app-context.js';
import { buildUnifiedMembers } from '../packs/agents/agents-pipeline.js';
import { AGENTS_STREAM, COMPANY_STREAM } from '../packs/agents/expand-members.js';

/**
 * A model computed by TypeScript into its own tables rather than into a stream (the agents pack's member expansion
 * feeds entity resolution). It is refreshed, ordered and recorded like the declarative models.
 */
export interface CodeModel {
  readonly name: string;
  readonly description: string;
  readonly inputs: readonly string[];
  refresh(app: AppContext): Promise<object>;
}

export const CODE_MODELS: readonly CodeModel[] = [
  {
    name: 'unified_company_member',
    description: 'agents pack: one row per team member of every company row, plus every agent, handed to resolution',
    inputs: [COMPANY_STREAM, AGENTS_STREAM],
    refresh: buildUnifiedMembers,
  },
];

export function getCodeModel(name: string): CodeModel | undefined {
  return CODE_MODELS.find((m) => m.name === name);
}
