import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from './password-hasher.js';
import type { Role } from './permissions.js';

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
}

/** What the API and CLI show: never the password hash. */
export type UserView = {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
  last_login_at: Date | null;
};

export function toUserView(u: UserRow): UserView {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    disabled: u.disabled,
    created_at: u.created_at,
    updated_at: u.updated_at,
    last_login_at: u.last_login_at,
  };
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new SluiceError('validation_failed', `a password needs at least ${MIN_PASSWORD_LENGTH} characters`, {
      details: { problems: [`password: at least ${MIN_PASSWORD_LENGTH} characters`] },
    });
  }
}

export async function createUser(db: SqlExecutor, input: { email: string; password: string; role: Role }): Promise<UserView> {
  checkPassword(input.password);
  const email = input.email.trim().toLowerCase();
  const existing = await db.query('select 1 from users where lower(email) = $1', [email]);
  if (existing.rows.length > 0) throw new SluiceError('already_exists', `a user with email ${email} already exists`);
  const passwordHash = await hashPassword(input.password);
  const { rows } = await db.query<UserRow>(
    'insert into users (email, password_hash, role) values ($1, $2, $3) returning *',
    [email, passwordHash, input.role],
  );
  return toUserView(rows[0] as UserRow);
}

export async function findUserByEmail(db: SqlExecutor, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('select * from users where lower(email) = $1', [email.trim().toLowerCase()]);
  return rows[0];
}

export async function findUserById(db: SqlExecutor, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>('select * from users where id = $1', [id]);
  return rows[0];
}

export async function getUser(db: SqlExecutor, id: string): Promise<UserView> {
  const u = await findUserById(db, id);
  if (!u) throw new SluiceError('not_found', `no user ${id}`);
  return toUserView(u);
}

export async function listUsers(db: SqlExecutor): Promise<UserView[]> {
  const { rows } = await db.query<UserRow>('select * from users order by email');
  return rows.map(toUserView);
}

export async function countUsers(db: SqlExecutor): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from users');
  return rows[0]?.n ?? 0;
}

async function assertAnotherAdmin(db: SqlExecutor, id: string): Promise<void> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from users where role = 'admin' and not disabled and id <> $1`,
    [id],
  );
  if ((rows[0]?.n ?? 0) === 0) throw new SluiceError('conflict', 'the last active admin cannot be removed, disabled or demoted');
}

export async function updateUser(
  db: SqlExecutor,
  id: string,
  patch: { role?: Role | undefined; password?: string | undefined; disabled?: boolean | undefined },
): Promise<UserView> {
  const current = await findUserById(db, id);
  if (!current) throw new SluiceError('not_found', `no user ${id}`);
  if (current.role === 'admin' && ((patch.role && patch.role !== 'admin') || patch.disabled === true)) {
    await assertAnotherAdmin(db, id);
  }
  let passwordHash = current.password_hash;
  if (patch.password !== undefined) {
    checkPassword(patch.password);
    passwordHash = await hashPassword(patch.password);
  }
  const { rows } = await db.query<UserRow>(
    `update users set role = $2, password_hash = $3, disabled = $4, updated_at = now() where id = $1 returning *`,
    [id, patch.role ?? current.role, passwordHash, patch.disabled ?? current.disabled],
  );
  // A changed password or a disabled account ends every session and token of that user.
  if (patch.password !== undefined || patch.disabled === true) {
    await db.query('update refresh_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [id]);
  }
  if (patch.disabled === true) {
    await db.query('update api_tokens set revoked_at = now() where user_id = $1 and revoked_at is null', [id]);
  }
  return toUserView(rows[0] as UserRow);
}

export async function deleteUser(db: SqlExecutor, id: string): Promise<void> {
  const current = await findUserById(db, id);
  if (!current) throw new SluiceError('not_found', `no user ${id}`);
  if (current.role === 'admin') await assertAnotherAdmin(db, id);
  await db.query('delete from users where id = $1', [id]);
}
