import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { deployAgents, type DeploymentReport } from '../../src/packs/agents/deploy-agents.js';
import { AGENT_COLUMNS, COMPANY_COLUMNS, type GeneratedAgentData } from '../../src/packs/agents/generate-agent-data.js';
import { writeAgentCsvs } from '../../src/packs/agents/write-agent-csvs.js';
import type { Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';

export function tempDir(prefix = 'sluice-agents-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function appFor(db: Database): Promise<AppContext> {
  const dataDir = tempDir('sluice-agents-data-');
  const config = loadConfig({ SLUICE_DATA_DIR: dataDir, SLUICE_LOG_LEVEL: 'silent' });
  return createAppContext(config, { db, migrate: false });
}

export function deploy(app: AppContext, agentsDir: string, extra: Partial<Parameters<typeof deployAgents>[1]> = {}): Promise<DeploymentReport> {
  return deployAgents(app, { mode: 'full', verify: true, pipeline: true, agentsDir, migrate: () => migrate(app.db), ...extra });
}

type Row = Record<string, string>;

/** Hand-written rows with every seed column present (blank unless given). */
export function handData(company: Partial<Row>[], agents: Partial<Row>[]): GeneratedAgentData {
  const fill = (cols: readonly string[], r: Partial<Row>) => Object.fromEntries<string>(cols.map((c) => [c, r[c] ?? '']));
  return { companyRows: company.map((r) => fill(COMPANY_COLUMNS, r)), agentRows: agents.map((r) => fill(AGENT_COLUMNS, r)), truth: new Map() };
}

export function writeData(data: GeneratedAgentData): string {
  const dir = tempDir();
  writeAgentCsvs(dir, data);
  return dir;
}
