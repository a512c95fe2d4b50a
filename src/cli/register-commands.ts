import type { CommandRegistry } from './command-context.js';
import { registerMigrateCommand } from './migrate.command.js';

/** Every command module, in help order. Each module adds its commands to the shared program. */
export const COMMAND_MODULES: readonly ((reg: CommandRegistry) => void)[] = [
  registerMigrateCommand,
];
