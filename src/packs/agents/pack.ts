import { definePack } from '../pack-spec.js';
import { registerEntityExpander, type EntityExpander } from '../entity-expanders.js';
import { MASTER_AGENTS_MODEL } from './agents.models.js';
import { AGENTS_FILE, COMPANY_FILE } from './agents-pipeline.js';
import { SAMPLE_DIR } from './deploy-agents.js';
import { agentRecord, expandCompanyRow } from './expand-members.js';

// Team pages hold a list of people: each member is its own record for resolution; an agent row is one.
const teamMembers: EntityExpander = (row, ctx) => expandCompanyRow(row, ctx.region);
const agentRow: EntityExpander = (row, ctx) => agentRecord(row, ctx.region);
registerEntityExpander('agents.team_members', teamMembers);
registerEntityExpander('agents.agent_row', agentRow);

/**
 * agents (PACKS.md §3, seed 002): two CSV files → bronze streams → `unified_company_member` → people resolved within
 * their team (entity type `agent`) → `master_agents`, a change-tracked stream destinations can receive. `sluice deploy`
 * is the seed's entry point over the same parts; `sluice pack install agents --set files.dir=DIR` runs it as a pack.
 */
export const agentsPack = definePack({
  id: 'agents',
  name: 'Agents',
  description: 'Real-estate agents from team pages and an agent list, resolved into master agents within each team.',
  version: '1.0.0',
  settings: {
    files: {
      // The sandbox (and only the sandbox) uses the generated sample with its labels.
      dir: { type: 'string', description: `Folder holding ${COMPANY_FILE} and ${AGENTS_FILE}`, required: true, sandbox: { value: SAMPLE_DIR } },
    },
    schedule: {
      cron: { type: 'cron', description: 'When the files are reloaded and resolved', default: '0 5 * * *' },
      timezone: { type: 'timezone', description: 'Time zone the cron is read in', default: 'UTC' },
      paused: { type: 'boolean', description: 'Install the schedule paused', default: true },
    },
  },
  connections: [
    {
      id: 'company_info',
      connector: 'csv',
      config: { path: `{{files.dir}}/${COMPANY_FILE}`, stream: 'company_info_raw', key: 'research_uuid', types: 'team_members:json' },
    },
    { id: 'new_agents', connector: 'csv', config: { path: `{{files.dir}}/${AGENTS_FILE}`, stream: 'new_agents', key: 'supabase_uuid' } },
  ],
  entities: [
    { type: 'agent', stream: 'company_info_raw', expand: 'agents.team_members', scope: 'team_id' },
    { type: 'agent', stream: 'new_agents', expand: 'agents.agent_row', scope: 'team_id' },
  ],
  models: [MASTER_AGENTS_MODEL],
  schedules: [
    { id: 'daily', target: 'pack:{{pack}}', cron: '{{schedule.cron}}', timezone: '{{schedule.timezone}}', paused: '{{schedule.paused}}' },
  ],
  indexes: [{ stream: 'master_agents', fields: ['source_team_id'] }],
});
