/**
 * `companies`: distributors grouped by the `company` entity resolution (src/resolve/rules/company.rules.ts), one row
 * per company with at least one active distributor. Change-tracked like any stream (history, removals, digests).
 */
export const COMPANIES_MODEL = {
  name: 'companies',
  title: 'Companies',
  description: 'UniFi distributors grouped into companies (one company, many locations)',
  inputs: ['distributors'],
  primaryKey: ['id'],
  sql: `with m as (
    select e.id::text as company_id, e.name as company_name, d.*
      from entities e
      join resolution_records rr on rr.entity_type = 'company' and rr.entity_id = e.id
      join data.distributors d on d._key = rr.source_key
     where e.entity_type = 'company' and d._status = 'active'
  ),
  reg as (
    select company_id, jsonb_agg(distinct v order by v) as regions
      from m, jsonb_array_elements_text(coalesce(m.regions, '[]'::jsonb)) as v group by company_id
  ),
  cty as (
    select company_id, jsonb_agg(distinct v order by v) as countries
      from m, jsonb_array_elements_text(coalesce(m.countries, '[]'::jsonb)) as v group by company_id
  ),
  loc as (
    select company_id, count(distinct v)::int as locations
      from m, jsonb_array_elements_text(coalesce(m.country_states, '[]'::jsonb)) as v group by company_id
  )
  select m.company_id as id,
         min(m.company_name) as name,
         coalesce(jsonb_agg(distinct m.partner_type) filter (where m.partner_type is not null), '[]'::jsonb) as partner_types,
         coalesce(min(reg.regions::text)::jsonb, '[]'::jsonb) as regions,
         coalesce(min(cty.countries::text)::jsonb, '[]'::jsonb) as countries,
         coalesce(min(loc.locations), 0) as locations,
         count(distinct m.id)::int as distributors,
         coalesce(jsonb_agg(distinct m.website) filter (where m.website is not null), '[]'::jsonb) as websites,
         to_char(min(m._first_seen_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as first_seen
    from m
    left join reg on reg.company_id = m.company_id
    left join cty on cty.company_id = m.company_id
    left join loc on loc.company_id = m.company_id
   group by m.company_id`,
  schema: {
    fields: [
      { name: 'id', type: 'string', required: true, description: 'the company entity id' },
      { name: 'name', type: 'string', required: true },
      { name: 'partner_types', type: 'string[]' },
      { name: 'regions', type: 'string[]' },
      { name: 'countries', type: 'string[]' },
      { name: 'locations', type: 'integer', description: 'country/state listings across its distributors' },
      { name: 'distributors', type: 'integer', description: 'distributor entries (Ubiquiti ids)' },
      { name: 'websites', type: 'string[]' },
      { name: 'first_seen', type: 'datetime' },
    ],
  },
} as const;
