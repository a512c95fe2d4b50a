import { printJson, printTable } from '../../cli/cli-output.js';
import type { CommandRegistry } from '../../cli/command-context.js';
import { SluiceError } from '../../core/errors.js';
import { clearCustomerOrganization, listCustomers, setCustomerOrganization, setDeploymentOverride, type CustomerDecision } from './customer-decisions.js';

interface Common {
  actor: string;
  json?: boolean;
}

function report(d: CustomerDecision | null, site: string, json: boolean | undefined): void {
  if (json) printJson({ decision: d, effective: 'next pack run' });
  else if (d === null) process.stderr.write(`${site}: no decisions left — matching and the health band decide (from the next pack run)\n`);
  else {
    const org = d.manual_org ? (d.organization_id === null ? 'no organization' : `organization ${d.organization_id}`) : 'organization by matching';
    process.stderr.write(`${d.site_id}: ${org}; deployment ${d.deployment_override ?? 'by health band'} (from the next pack run)\n`);
  }
}

/** `sluice customer list|map|unmap|deployment`: the msp-dashboards customer mapping and deployment overrides. */
export function registerCustomerCommands(reg: CommandRegistry): void {
  const customer = reg.program.command('customer').description('msp-dashboards: site ↔ NinjaOne organization mapping and onboarding / offboarding');
  customer
    .command('list')
    .description('every customer (UniFi site), its organization, how it was found, and people\'s decisions')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await listCustomers((await reg.app()).db);
      if (o.json) printJson(rows);
      else {
        printTable(rows.map((r) => ({
          site: r.site_id, name: r.site_name ?? '', organization: r.organization_name ?? r.organization_id ?? '', method: r.match_method ?? '',
          status: r.match_status ?? '', manual: r.manual_org ? 'yes' : '', deployment: r.deployment_override ?? '',
        })));
      }
    });
  customer
    .command('map <site> [organization]')
    .description('map a site (id, description or name) to a NinjaOne organization (id or exact name); wins over matching and review')
    .option('--none', 'the site has no NinjaOne organization (UniFi data only)')
    .option('--actor <name>', 'who decides (audit)', 'cli')
    .option('--json', 'print JSON')
    .action(async (site: string, organization: string | undefined, o: Common & { none?: boolean }) => {
      if ((organization === undefined) === (o.none !== true)) {
        throw new SluiceError('bad_request', 'give either an organization or --none');
      }
      const org = organization === undefined ? null : /^\d+$/.test(organization) ? Number(organization) : organization;
      report(await setCustomerOrganization((await reg.app()).db, site, { organization: org }, o.actor), site, o.json);
    });
  customer
    .command('unmap <site>')
    .description('forget the site\'s manual mapping: entity resolution and the review queue decide again')
    .option('--actor <name>', 'who decides (audit)', 'cli')
    .option('--json', 'print JSON')
    .action(async (site: string, o: Common) => {
      report(await clearCustomerOrganization((await reg.app()).db, site, o.actor), site, o.json);
    });
  customer
    .command('deployment <site> <status>')
    .description('set Deployment Status to onboarding or offboarding (wins over the health band), or "auto" to clear it')
    .option('--actor <name>', 'who decides (audit)', 'cli')
    .option('--json', 'print JSON')
    .action(async (site: string, status: string, o: Common) => {
      const s = status.trim().toLowerCase();
      report(await setDeploymentOverride((await reg.app()).db, site, { status: s === 'auto' ? null : s }, o.actor), site, o.json);
    });
}
