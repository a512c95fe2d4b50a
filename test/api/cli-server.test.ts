import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PASSWORD, SECRET_KEY } from './api-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sluice');

describe('sluice user / token / start (embedded database, child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
  const env = {
    ...process.env,
    SLUICE_DATA_DIR: dir,
    SLUICE_SECRET_KEY: SECRET_KEY,
    SLUICE_LOG_PRETTY: 'false',
    SLUICE_PORT: '0',
    SLUICE_ADMIN_EMAIL: 'boot@example.com',
    SLUICE_ADMIN_PASSWORD: PASSWORD,
  };
  delete (env as Record<string, string | undefined>).SLUICE_DATABASE_URL;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const sluice = (args: string[], input?: string) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 60_000 });

  it('starts API + worker on port 0, creates the configured admin, serves the status page and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!/"msg":"sluice listening"/.test(stderr) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const address = /"address":"(http:\/\/[^"]+)"/.exec(stderr)?.[1];
    expect(address, stderr).toBeTruthy();
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boot@example.com', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const ready = (await (await fetch(`${address}/health/ready`)).json()) as { components: { name: string }[] };
    expect(ready.components.map((c) => c.name)).toContain('job_queue');
    const home = await fetch(`${address}/`);
    expect(await home.text()).toMatch(/Sluice is running|<div id="root">/);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
    expect(stderr).not.toContain(PASSWORD);
  });

  it('then adds a user from stdin and mints a token shown once', () => {
    const add = sluice(['user', 'add', 'ops@example.com', '--role', 'operator', '--json'], `${PASSWORD}\n`);
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ email: 'ops@example.com', role: 'operator' });
    expect(add.stdout).not.toContain(PASSWORD);
    const tok = sluice(['token', 'create', '--user', 'ops@example.com', '--name', 'ci', '--role', 'viewer', '--days', '7', '--json']);
    expect(tok.status, tok.stderr).toBe(0);
    const created = JSON.parse(tok.stdout) as { token: string; role: string };
    expect(created.role).toBe('viewer');
    const list = sluice(['token', 'list', '--json']);
    expect(list.stdout).not.toContain(created.token);
    const tooHigh = sluice(['token', 'create', '--user', 'ops@example.com', '--name', 'x', '--role', 'admin']);
    expect(tooHigh.status).toBe(1);
  });

  it('creates a token for the only admin when --user is left out (as the README shows), and asks for --user when there are several', () => {
    const tok = sluice(['token', 'create', '--name', 'ci', '--role', 'viewer', '--json']);
    expect(tok.status, tok.stderr).toBe(0);
    expect(JSON.parse(tok.stdout)).toMatchObject({ role: 'viewer', user_email: 'boot@example.com' });
    expect(sluice(['user', 'add', 'second@example.com', '--role', 'admin', '--json'], `${PASSWORD}\n`).status).toBe(0);
    const ambiguous = sluice(['token', 'create', '--name', 'ci2']);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toMatch(/name the token's owner with --user/);
  });

  it('start --help promises the web UI only when it is built', () => {
    const help = sluice(['start', '--help']);
    expect(help.stdout).toMatch(/serves the web UI from web\/dist when it is built/);
    expect(help.stdout).not.toMatch(/API, web UI, scheduler/);
  });
});
