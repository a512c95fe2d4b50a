import type { AppContext } from '../../main/app-context.js';
import { getPackRow, storedSettings } from '../pack-state.js';
import { isRiskLevel, type RiskLevel } from './config-risk.js';

export const MSP_PACK_ID = 'msp-dashboards';

/** `changes.tool_risk` items `tool=level` (`ansible=low`, `terraform=high`) → a map; bad items are ignored. */
export function parseToolRisk(items: readonly string[] | string | undefined): Record<string, RiskLevel> {
  const list = typeof items === 'string' ? items.split(',') : items ?? [];
  const out: Record<string, RiskLevel> = {};
  for (const item of list) {
    const [tool, level] = item.split('=').map((s) => s.trim());
    const l = level?.toLowerCase();
    if (tool && isRiskLevel(l)) out[tool] = l;
  }
  return out;
}

/** The installed pack's per-tool default risk levels (none when the pack is not installed). */
export async function toolRiskDefaults(app: AppContext): Promise<Record<string, RiskLevel>> {
  const row = await getPackRow(app.db, MSP_PACK_ID);
  if (!row) return {};
  const v = storedSettings(app.secrets, row)['changes.tool_risk'];
  return parseToolRisk(Array.isArray(v) ? v : typeof v === 'string' ? v : undefined);
}
