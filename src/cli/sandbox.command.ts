import { InvalidArgumentError } from 'commander';

import { createSandbox, sandboxCredentials } from '../sandbox/sandbox-app.js';
import { createSimulators } from '../sandbox/simulators.js';
import { printJson } from './cli-output.js';
import type { CommandRegistry } from './command-context.js';

function intOption(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return n;
  };
}

interface SandboxOptions {
  port?: number;
  seed?: number;
  realtime?: boolean;
  stepSeconds: number;
  printCredentials?: boolean;
  dgiDealers?: number;
  dgiDealersPerKey?: number;
  json?: boolean;
}

/** Resolves on the first SIGINT or SIGTERM, so the command can close the server gracefully. */
function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export function registerSandboxCommand(reg: CommandRegistry): void {
  reg.program
    .command('sandbox')
    .description('serve simulators of every upstream on 127.0.0.1 (ui, unifi, ninjaone, dgi, notion) for tests and demos')
    .option('--port <port>', 'port to listen on (default SLUICE_SANDBOX_PORT, 8090; 0 = any free port)', intOption(0, 65_535))
    .option('--seed <n>', 'seed of the generated data (default SLUICE_SANDBOX_SEED, 42)', intOption(0, 2_147_483_647))
    .option('--realtime', 'advance the data clock by itself (default: only through POST /_admin/clock/advance)')
    .option('--step-seconds <n>', 'with --realtime: seconds between clock steps', intOption(1, 86_400), 60)
    .option('--dgi-dealers <n>', 'DGI: generate this many dealers from the seed (default: the three fixed ones)', intOption(1, 90_000))
    .option('--dgi-dealers-per-key <n>', 'DGI with --dgi-dealers: dealers sharing one API key', intOption(1, 90_000), 10)
    .option('--print-credentials', 'print the demo credentials each simulator accepts, then exit')
    .option('--json', 'machine-readable output on stdout')
    .action(async (o: SandboxOptions) => {
      const cfg = reg.config().sandbox;
      const seed = o.seed ?? cfg.seed;
      const simulators = () => createSimulators(o.dgiDealers ? { dgi: { dealers: o.dgiDealers, seed, dealersPerKey: o.dgiDealersPerKey } } : {});
      if (o.printCredentials) {
        const creds = sandboxCredentials(simulators());
        if (o.json) printJson(creds);
        else process.stdout.write(`${JSON.stringify(creds, null, 2)}\n`);
        return;
      }
      const sandbox = await createSandbox({ seed, simulators: simulators(), realtime: o.realtime ? { stepMs: o.stepSeconds * 1000 } : false });
      const stopped = untilStopped();
      let url: string;
      try {
        url = await sandbox.listen(o.port ?? cfg.port, '127.0.0.1');
      } catch (err) {
        await sandbox.close();
        throw err;
      }
      const urls = Object.fromEntries(sandbox.prefixes.map((p) => [p, sandbox.url(p)]));
      if (o.json) {
        printJson({ url, prefixes: sandbox.prefixes, urls, admin: `${url}/_admin`, seed });
      } else {
        const lines = [
          `sandbox listening on ${url} (seed ${seed}${o.realtime ? `, clock steps every ${o.stepSeconds}s` : ', clock moves via POST /_admin/clock/advance'})`,
          ...sandbox.prefixes.map((p) => `  ${p.padEnd(9)} ${urls[p] ?? ''}`),
          `  admin     ${url}/_admin`,
          'press Ctrl+C to stop',
        ];
        process.stderr.write(`${lines.join('\n')}\n`);
      }
      const signal = await stopped;
      await sandbox.close();
      if (!o.json) process.stderr.write(`sandbox stopped (${signal})\n`);
    });
}
