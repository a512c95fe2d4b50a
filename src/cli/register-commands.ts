import { registerBackupCommands } from './backup.command.js';
import type { CommandRegistry } from './command-context.js';
import { registerConnectionCommands } from './connection.command.js';
import { registerDataCommands } from './data.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerDeployCommand } from './deploy.command.js';
import { registerDestinationCommands } from './destination.command.js';
import { registerDoctorCommand } from './doctor.command.js';
import { registerEntitiesCommand } from './entities.command.js';
import { registerExportCommand } from './export.command.js';
import { registerJobsCommand } from './jobs.command.js';
import { registerMappingCommands } from './mapping.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { registerPushCommand } from './push.command.js';
import { registerReviewCommands } from './review.command.js';
import { registerSandboxCommand } from './sandbox.command.js';
import { registerServerCommands } from './server.command.js';
import { registerTokenCommands } from './token.command.js';
import { registerUserCommands } from './user.command.js';
import { registerScheduleCommand } from './schedule.command.js';
import { registerSyncCommand } from './sync.command.js';
import { registerWorkerCommand } from './worker.command.js';
import { registerPackCommands } from './pack.command.js';
import { registerRecordCommand } from './record.command.js';
import { registerModelCommands } from './model.command.js';
import { registerStatsCommand } from './stats.command.js';
import { registerDashboardCommands } from './dashboard.command.js';
import { registerChangeCommands } from '../packs/msp-dashboards/change.command.js';
import { registerCustomerCommands } from '../packs/msp-dashboards/customer.command.js';
import { registerStreamCommands } from './stream.command.js';

/** Every command module, in help order. Each module adds its commands to the shared program. */
export const COMMAND_MODULES: readonly ((reg: CommandRegistry) => void)[] = [
  registerMigrateCommand,
  registerConnectionCommands,
  registerSyncCommand,
  registerDataCommands,
  registerExportCommand,
  registerDoctorCommand,
  registerMappingCommands,
  registerSandboxCommand,
  registerDemoCommand,
  registerDestinationCommands,
  registerPushCommand,
  registerJobsCommand,
  registerScheduleCommand,
  registerWorkerCommand,
  registerServerCommands,
  registerUserCommands,
  registerTokenCommands,
  registerDeployCommand,
  registerReviewCommands,
  registerEntitiesCommand,
  registerPackCommands,
  registerRecordCommand,
  registerModelCommands,
  registerStatsCommand,
  registerDashboardCommands,
  registerChangeCommands,
  registerCustomerCommands,
  registerBackupCommands,
  registerStreamCommands,
];
