import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-token-store.js';
import { writeAudit } from '../auth/audit-log.js';
import { isRole, ROLES } from '../auth/permissions.js';
import { findUserByEmail, listUsers, type UserRow } from '../auth/user-store.js';
import type { SqlExecutor } from '../store/database.js';
import { SluiceError } from '../core/errors.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

/** The token's owner when `--user` is left out: the one admin of a single-admin install, else ask for `--user`. */
async function soleAdmin(db: SqlExecutor): Promise<UserRow> {
  const admins = (await listUsers(db)).filter((u) => u.role === 'admin' && !u.disabled);
  const only = admins.length === 1 ? await findUserByEmail(db, admins[0]!.email) : undefined;
  if (only) return only;
  throw new SluiceError('bad_request', admins.length === 0
    ? 'there is no admin user yet: create one (`sluice user add`), or name the owner with --user'
    : `there are ${admins.length} admins: name the token's owner with --user (${admins.map((a) => a.email).join(', ')})`);
}

export function registerTokenCommands(reg: CommandRegistry): void {
  const token = reg.program.command('token').alias('tokens').description('API tokens for scripts (Authorization: Bearer …)');
  token
    .command('create')
    .description('create a token for a user; it is printed once and stored only hashed')
    .option('--user <email>', 'the owner (default: the only admin, when there is exactly one)')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--role <role>', `at most the owner's role (${ROLES.join(', ')})`)
    .option('--days <n>', 'days until it expires', '90')
    .option('--json', 'print JSON')
    .action(async (o: { user?: string; name: string; role?: string; days: string; json?: boolean }) => {
      const app = await reg.app();
      const owner = o.user ? await findUserByEmail(app.db, o.user) : await soleAdmin(app.db);
      if (!owner) throw new SluiceError('not_found', `no user ${o.user ?? ''}`);
      if (o.role !== undefined && !isRole(o.role)) throw new SluiceError('bad_request', `--role must be one of ${ROLES.join(', ')}`);
      const r = await createApiToken(app.db, {
        userId: owner.id,
        ownerRole: owner.role,
        name: o.name,
        role: o.role !== undefined && isRole(o.role) ? o.role : undefined,
        expiresInDays: Number.parseInt(o.days, 10),
        now: new Date(),
      });
      await writeAudit(app.db, { actor: 'cli', action: 'token.create', target: r.view.id, details: { name: r.view.name, role: r.view.role, owner: owner.email } });
      if (o.json) printJson({ ...r.view, token: r.token });
      else {
        process.stdout.write(`${r.token}\n`);
        process.stderr.write(`token "${r.view.name}" (${r.view.role}) for ${owner.email}, expires ${r.view.expires_at.toISOString()}; it cannot be shown again\n`);
      }
    });
  token
    .command('list')
    .option('--user <email>', 'only this user\'s tokens')
    .option('--json', 'print JSON')
    .action(async (o: { user?: string; json?: boolean }) => {
      const app = await reg.app();
      const owner = o.user ? await findUserByEmail(app.db, o.user) : undefined;
      if (o.user && !owner) throw new SluiceError('not_found', `no user ${o.user}`);
      const rows = await listApiTokens(app.db, owner?.id);
      if (o.json) printJson(rows);
      else printTable(rows, ['id', 'name', 'user_email', 'role', 'prefix', 'expires_at', 'last_used_at', 'revoked_at']);
    });
  token
    .command('revoke <id>')
    .action(async (id: string) => {
      const app = await reg.app();
      await revokeApiToken(app.db, id);
      await writeAudit(app.db, { actor: 'cli', action: 'token.revoke', target: id });
      process.stderr.write(`revoked ${id}\n`);
    });
}
