import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD, startHarness, type Harness } from '../api/api-harness.js';
import type { DatabaseKind } from '../support/databases.js';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_DIST = join(ROOT, 'web', 'dist');
/** Screenshots are kept as test artifacts (gitignored). */
export const SHOTS = join(ROOT, 'test-artifacts', 'web');
export const hasChromium = existsSync(CHROMIUM);
export const hasWebBuild = existsSync(join(WEB_DIST, 'index.html'));

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface WebHarness {
  readonly api: Harness;
  readonly url: string;
  readonly browser: Browser;
  /** A signed-in browser context for a role's user (admin@, operator@, viewer@example.com). */
  signIn(role: 'admin' | 'operator' | 'viewer', viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/** A real server (web UI from web/dist, real database, syncs in-process) listening on a port, and a real Chromium. */
export async function startWebHarness(kind: DatabaseKind): Promise<WebHarness> {
  mkdirSync(SHOTS, { recursive: true });
  const api = await startHarness(kind, { server: { web: { dir: WEB_DIST } } });
  const url = await api.server.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const contexts: BrowserContext[] = [];
  return {
    api,
    url,
    browser,
    async signIn(role, viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      contexts.push(context);
      const page = await context.newPage();
      watchConsole(page);
      await page.goto(url);
      await page.getByLabel('Email').fill(`${role}@example.com`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('main#main').waitFor();
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await api.close();
    },
  };
}

const consoleErrors = new WeakMap<Page, string[]>();

/** Collects console errors and uncaught exceptions: a screen that logs one fails its test. */
export function watchConsole(page: Page): void {
  const errors: string[] = [];
  consoleErrors.set(page, errors);
  page.on('console', (m) => {
    // The browser reports each refused request (a 4xx the test provokes on purpose) as a console error; those are
    // asserted where they happen, so only script errors count here.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
}

export function expectNoConsoleErrors(page: Page): void {
  expect(consoleErrors.get(page) ?? []).toEqual([]);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core in the page (evaluated through the devtools protocol, so the server's CSP stays as it is). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.evaluate(axeSource);
  // A string runs in the page, where `axe` and `document` exist (this file is compiled without DOM types).
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) })))`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${label}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}
