import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { sandboxCredentials } from '../../src/sandbox/sandbox-app.js';
import { createSimulators } from '../../src/sandbox/simulators.js';

const BIN = fileURLToPath(new URL('../../bin/sluice', import.meta.url));

function sluice(args: string[]): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLine(stream: Readable): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        stream.off('data', onData);
        resolve(buf.slice(0, nl));
      }
    };
    stream.on('data', onData);
    stream.on('end', () => reject(new Error(`no line before end: ${buf}`)));
  });
}

const exited = (child: ChildProcessByStdio<null, Readable, Readable>) =>
  new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

describe('sluice sandbox', () => {
  it('serves every simulator on 127.0.0.1, prints one JSON line, and stops cleanly on SIGTERM', async () => {
    const child = sluice(['sandbox', '--port', '0', '--seed', '7', '--json']);
    const done = exited(child);
    const line = JSON.parse(await firstLine(child.stdout)) as { url: string; prefixes: string[]; urls: Record<string, string>; seed: number };
    expect(line.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(line.prefixes).toEqual(createSimulators().map((s) => s.prefix));
    expect(line.seed).toBe(7);
    for (const p of line.prefixes) expect(line.urls[p]).toBe(`${line.url}/${p}`);
    const admin = (await (await fetch(`${line.url}/_admin/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })).json()) as { step: number };
    expect(admin.step).toBe(1);
    child.kill('SIGTERM');
    expect(await done).toBe(0);
  });

  it('--print-credentials --json prints the credentials keyed by connector config name', async () => {
    const child = sluice(['sandbox', '--print-credentials', '--json']);
    const done = exited(child);
    const printed = JSON.parse(await firstLine(child.stdout)) as Record<string, unknown>;
    expect(await done).toBe(0);
    expect(printed).toEqual(JSON.parse(JSON.stringify(sandboxCredentials(createSimulators()))) as unknown);
  });

  it('rejects a bad port as a usage error', async () => {
    const child = sluice(['sandbox', '--port', 'eighty']);
    expect(await exited(child)).toBe(64);
  });
});
