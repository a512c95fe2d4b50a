-- Server, authentication and audit (range 0100–0149).

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  password_hash text not null,
  role text not null check (role in ('admin', 'operator', 'viewer')),
  disabled boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index users_email_idx on users (lower(email));

-- Progressive lockout, keyed by the submitted email (known or not, so the lockout does not reveal which emails exist).
create table login_throttle (
  email text primary key,
  failures int not null default 0,
  locked_until timestamptz,
  last_failure_at timestamptz not null default now()
);

-- Refresh tokens rotate on every use; all tokens descended from one login share a family, so a reused (already
-- rotated) token revokes the whole family.
create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references users(id) on delete cascade,
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id);

-- Bearer tokens for scripts: only the SHA-256 of the token is stored; the role can be at most the owner's.
create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  name text not null,
  role text not null check (role in ('admin', 'operator', 'viewer')),
  token_hash text not null unique,
  prefix text not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index api_tokens_user_idx on api_tokens (user_id);

-- One-time link printed at first start when no admin credentials were configured.
create table setup_tokens (
  token_hash text primary key,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor text not null,
  action text not null,
  target text,
  outcome text not null default 'ok',
  request_id text,
  ip text,
  details jsonb
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_action_idx on audit_log (action, id desc);
