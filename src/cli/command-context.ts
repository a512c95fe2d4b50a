import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/load-config.js';
import { createAppContext, type AppContext } from '../main/app-context.js';

/** What every command module receives: the program to add commands to and a lazily built app context. */
export interface CommandRegistry {
  readonly program: Command;
  /** Loads config (failing with every problem listed) and opens the database once per process. */
  app(): Promise<AppContext>;
  config(): Config;
  /** Sets the process exit code without exiting, so open handles close cleanly. */
  setExitCode(code: number): void;
}

export function createCommandRegistry(program: Command): CommandRegistry & { closeApp(): Promise<void>; exitCode: number } {
  let config: Config | undefined;
  let app: Promise<AppContext> | undefined;
  const reg = {
    program,
    exitCode: 0,
    config(): Config {
      config ??= loadConfig();
      return config;
    },
    app(): Promise<AppContext> {
      app ??= createAppContext(reg.config());
      return app;
    },
    setExitCode(code: number) {
      reg.exitCode = code;
    },
    async closeApp() {
      if (app) await (await app).close();
    },
  };
  return reg;
}
