import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { AGENTS_FILE, COMPANY_FILE } from './agents-pipeline.js';
import { AGENT_COLUMNS, COMPANY_COLUMNS, type GeneratedAgentData } from './generate-agent-data.js';

export const LABELS_FILE = 'labels.csv';

/** Writes generated data as the pack's two CSVs plus the labels (who each occurrence really is) for scoring. */
export function writeAgentCsvs(dir: string, data: GeneratedAgentData): void {
  writeFileSync(join(dir, COMPANY_FILE), stringify(data.companyRows, { header: true, columns: [...COMPANY_COLUMNS] }));
  writeFileSync(join(dir, AGENTS_FILE), stringify(data.agentRows, { header: true, columns: [...AGENT_COLUMNS] }));
  const labels = [...data.truth.entries()].map(([id, person]) => {
    const [source, rest] = [id.slice(0, id.indexOf(':')), id.slice(id.indexOf(':') + 1)];
    const [key, index] = rest.split('#');
    return { source, source_key: key, member_index: index ?? '', person_id: person };
  });
  writeFileSync(join(dir, LABELS_FILE), stringify(labels, { header: true, columns: ['source', 'source_key', 'member_index', 'person_id'] }));
}
