/**
 * The agents pack's derived stream (PACKS.md §3): `master_agents`, one row per resolved person (the golden record),
 * change-tracked like any stream so destinations can receive it. (`unified_company_member` is the code model of
 * `src/models/code-models.ts` and the SQL view of the same name: the members as resolution stores them.)
 */
const INPUTS = ['company_info_raw', 'new_agents'];

export const MASTER_AGENTS_MODEL = {
  name: 'master_agents',
  title: 'Master agents',
  description: 'One row per resolved person: the golden record over team members and agent rows, with its confidence',
  inputs: INPUTS,
  primaryKey: ['agent_id'],
  sql: `select e.id::text as agent_id, e.name as full_name, to_jsonb(e.emails) as emails, to_jsonb(e.phones) as phone_numbers,
               e.scope as source_team_id, e.confidence as confidence_score, e.needs_review, e.match_tier, e.member_count,
               to_jsonb(e.sources) as sources, e.attributes ->> 'brokerage' as brokerage
          from entities e
         where e.entity_type = 'agent'`,
  schema: {
    fields: [
      { name: 'agent_id', type: 'string', required: true },
      { name: 'full_name', type: 'string' },
      { name: 'emails', type: 'string[]' },
      { name: 'phone_numbers', type: 'string[]' },
      { name: 'source_team_id', type: 'string' },
      { name: 'confidence_score', type: 'integer' },
      { name: 'needs_review', type: 'boolean' },
      { name: 'match_tier', type: 'string' },
      { name: 'member_count', type: 'integer' },
      { name: 'sources', type: 'string[]' },
      { name: 'brokerage', type: 'string' },
    ],
  },
} as const;
