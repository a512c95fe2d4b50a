import { SluiceError } from '../core/errors.js';
import type { EntityRules } from './entity-rules.js';
import { agentRules } from './rules/agent.rules.js';
import { companyRules } from './rules/company.rules.js';
import { mspCustomerRules } from './rules/msp-customer.rules.js';

const TYPES: readonly EntityRules[] = [agentRules, companyRules, mspCustomerRules];

export function getEntityRules(type: string): EntityRules {
  const r = TYPES.find((t) => t.type === type);
  if (!r) throw new SluiceError('not_found', `unknown entity type "${type}"`, { details: { known: TYPES.map((t) => t.type) } });
  return r;
}
