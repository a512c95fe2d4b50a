import { Command, CommanderError } from 'commander';
import { createCommandRegistry } from '../cli/command-context.js';
import { EXIT } from '../cli/exit-codes.js';
import { COMMAND_MODULES } from '../cli/register-commands.js';
import { isSluiceError, toSluiceError } from '../core/errors.js';

/** The `sluice` command line. Returns the process exit code (see src/cli/exit-codes.ts). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('sluice')
    .description('Sluice — pull, reconcile, track every change, push where people work')
    .exitOverride()
    .showHelpAfterError();
  const reg = createCommandRegistry(program);
  for (const register of COMMAND_MODULES) register(reg);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return reg.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      return EXIT.usage;
    }
    const e = toSluiceError(err);
    const json = argv.includes('--json');
    if (json) process.stdout.write(`${JSON.stringify({ error: e.toJSON() })}\n`);
    process.stderr.write(`error [${e.code}]: ${e.message}\n`);
    if (!isSluiceError(err) && process.env.SLUICE_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return EXIT.failure;
  } finally {
    await reg.closeApp().catch(() => undefined);
  }
}
