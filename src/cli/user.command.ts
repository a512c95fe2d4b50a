import { writeAudit } from '../auth/audit-log.js';
import { isRole, ROLES, type Role } from '../auth/permissions.js';
import { createUser, deleteUser, findUserByEmail, listUsers, updateUser } from '../auth/user-store.js';
import { SluiceError } from '../core/errors.js';
import { printJson, printTable } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

function roleOf(v: string): Role {
  if (!isRole(v)) throw new SluiceError('bad_request', `--role must be one of ${ROLES.join(', ')}`);
  return v;
}

/** The password comes from an environment variable or stdin, never from argv (argv is visible in `ps`). */
async function readPassword(envName: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  if (envName) {
    const v = env[envName];
    if (!v) throw new SluiceError('bad_request', `environment variable ${envName} is empty`);
    return v;
  }
  if (process.stdin.isTTY) throw new SluiceError('bad_request', 'pipe the password on stdin, or name an environment variable with --password-env');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export function registerUserCommands(reg: CommandRegistry): void {
  const user = reg.program.command('user').alias('users').description('manage users (admin, operator, viewer)');
  user
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rows = await listUsers((await reg.app()).db);
      if (o.json) printJson(rows);
      else printTable(rows, ['email', 'role', 'disabled', 'last_login_at', 'created_at']);
    });
  user
    .command('add <email>')
    .description('create a user; the password is read from stdin or --password-env')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password-env <name>', 'read the password from this environment variable')
    .option('--json', 'print JSON')
    .action(async (email: string, o: { role: string; passwordEnv?: string; json?: boolean }) => {
      const app = await reg.app();
      const u = await createUser(app.db, { email, password: await readPassword(o.passwordEnv, app.config.env), role: roleOf(o.role) });
      await writeAudit(app.db, { actor: 'cli', action: 'user.create', target: u.id, details: { email: u.email, role: u.role } });
      if (o.json) printJson(u);
      else process.stderr.write(`created ${u.role} ${u.email}\n`);
    });
  user
    .command('set <email>')
    .description('change role, password (stdin / --password-env with --password) or disabled flag')
    .option('--role <role>')
    .option('--password', 'set a new password (ends every session)')
    .option('--password-env <name>')
    .option('--disable')
    .option('--enable')
    .option('--json', 'print JSON')
    .action(async (email: string, o: { role?: string; password?: boolean; passwordEnv?: string; disable?: boolean; enable?: boolean; json?: boolean }) => {
      const app = await reg.app();
      const found = await findUserByEmail(app.db, email);
      if (!found) throw new SluiceError('not_found', `no user ${email}`);
      const u = await updateUser(app.db, found.id, {
        role: o.role ? roleOf(o.role) : undefined,
        password: o.password || o.passwordEnv ? await readPassword(o.passwordEnv, app.config.env) : undefined,
        disabled: o.disable ? true : o.enable ? false : undefined,
      });
      await writeAudit(app.db, { actor: 'cli', action: 'user.update', target: u.id, details: { role: o.role, disabled: u.disabled } });
      if (o.json) printJson(u);
      else process.stderr.write(`updated ${u.email} (${u.role}${u.disabled ? ', disabled' : ''})\n`);
    });
  user
    .command('remove <email>')
    .action(async (email: string) => {
      const app = await reg.app();
      const found = await findUserByEmail(app.db, email);
      if (!found) throw new SluiceError('not_found', `no user ${email}`);
      await deleteUser(app.db, found.id);
      await writeAudit(app.db, { actor: 'cli', action: 'user.delete', target: found.id, details: { email } });
      process.stderr.write(`removed ${email}\n`);
    });
}
