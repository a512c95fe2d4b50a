import { z } from 'zod';
import { actorOf } from '../../api/access-control.js';
import type { RouteModule } from '../../api/api-deps.js';
import {
  clearCustomerOrganization, DEPLOYMENT_OVERRIDES, deploymentDecisionInput, listCustomers, organizationDecisionInput, setCustomerOrganization,
  setDeploymentOverride,
} from './customer-decisions.js';

const decision = z.object({
  site_id: z.string(),
  manual_org: z.boolean(),
  organization_id: z.number().int().nullable(),
  deployment_override: z.enum(DEPLOYMENT_OVERRIDES).nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
});
const customer = decision.extend({
  site_name: z.string().nullable(),
  organization_name: z.string().nullable(),
  match_method: z.string().nullable(),
  match_status: z.string().nullable(),
});
const siteParam = z.object({ site: z.string().min(1).max(200) });
/** After a decision: the site's decision row, or null when nothing is left to decide (matching decides again). */
const decided = z.object({ decision: decision.nullable(), effective: z.literal('next pack run') });

/**
 * msp-dashboards customers: a person's site ↔ NinjaOne organization mapping (wins over entity resolution and the
 * review queue) and the onboarding / offboarding Deployment Status (wins over the health band).
 */
export const mspCustomersRoutes: RouteModule = (f, deps) => {
  const db = deps.app.db;
  f.get('/api/v1/packs/msp-dashboards/customers', {
    config: { auth: 'data:read' },
    schema: {
      tags: ['packs'],
      summary: 'Customers (UniFi sites) with their NinjaOne organization, how it was found, and people\'s decisions',
      response: { 200: z.object({ items: z.array(customer) }) },
    },
  }, async () => ({ items: await listCustomers(db) }));

  f.put('/api/v1/packs/msp-dashboards/customers/:site/organization', {
    config: { auth: 'connections:write' },
    schema: {
      tags: ['packs'],
      summary: 'Map a site to a NinjaOne organization (id or exact name), or to none (null); wins over matching',
      params: siteParam,
      body: organizationDecisionInput,
      response: { 200: decided },
    },
  }, async (req) => ({ decision: await setCustomerOrganization(db, req.params.site, req.body, actorOf(req)), effective: 'next pack run' as const }));

  f.delete('/api/v1/packs/msp-dashboards/customers/:site/organization', {
    config: { auth: 'connections:write' },
    schema: {
      tags: ['packs'],
      summary: 'Forget a site\'s manual mapping: entity resolution and the review queue decide again',
      params: siteParam,
      response: { 200: decided },
    },
  }, async (req) => ({ decision: await clearCustomerOrganization(db, req.params.site, actorOf(req)), effective: 'next pack run' as const }));

  f.put('/api/v1/packs/msp-dashboards/customers/:site/deployment', {
    config: { auth: 'connections:write' },
    schema: {
      tags: ['packs'],
      summary: 'Set the Deployment Status to onboarding or offboarding (wins over the health band), or null to clear it',
      params: siteParam,
      body: deploymentDecisionInput,
      response: { 200: decided },
    },
  }, async (req) => ({ decision: await setDeploymentOverride(db, req.params.site, req.body, actorOf(req)), effective: 'next pack run' as const }));
};
