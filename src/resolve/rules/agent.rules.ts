import type { EntityRules } from '../entity-rules.js';

/** Agents (PACKS.md §3): email 100, phone 90, exact name + team 80, fuzzy name 60; > 70 merges, ≤ 70 is reviewed. */
export const agentRules: EntityRules = {
  type: 'agent',
  tiers: { email: 100, phone: 90, exactName: 80, fuzzyName: 60 },
  autoMergeAbove: 70,
  reviewFloor: 50,
  conflictPenalty: 5,
  sharedPenalty: 10,
  roleMailboxes: [
    'info', 'team', 'office', 'admin', 'contact', 'hello', 'sales', 'support', 'listings', 'leads', 'frontdesk',
    'reception', 'inquiries', 'mail', 'homes', 'realty', 'realestate', 'noreply', 'no-reply',
  ],
  roleMailboxPeople: 8,
  maxBlockSize: 2_000,
  maxScopeBlock: 300,
  // 75: merges alone; one disagreeing personal identifier (75 − 5 = 70) sends it to review.
  nicknameScore: 75,
  sourcePriority: ['new_agents', 'company_info_raw'],
  attributeRules: {
    brokerage: 'source_priority',
    title: 'most_frequent',
    website: 'source_priority',
    license_number: 'source_priority',
  },
};
