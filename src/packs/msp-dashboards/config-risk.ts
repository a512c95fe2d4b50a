/**
 * Risk of a configuration change (issue #12): high when the summary or details mention a risky word or the action
 * deletes or rolls back; otherwise the tool's default (a pack setting; medium when unset). A high or critical change
 * must carry a rollback plan.
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const HIGH_RISK_KEYWORDS = ['firewall', 'vpn', 'ipsec', 'delete', 'remove', 'production', 'critical'] as const;
export const HIGH_RISK_ACTIONS = ['delete', 'rollback'] as const;
export const DEFAULT_TOOL_RISK: RiskLevel = 'medium';

// Word starts, so "removed" and "firewalls" count but "unremovable" mid-word matches do not.
const KEYWORD = new RegExp(`\\b(${HIGH_RISK_KEYWORDS.join('|')})`, 'i');

export interface RiskInput {
  readonly summary: string;
  readonly details?: string | null;
  readonly action: string;
  readonly tool: string;
}

export function isRiskLevel(v: unknown): v is RiskLevel {
  return typeof v === 'string' && (RISK_LEVELS as readonly string[]).includes(v);
}

const rank = (r: RiskLevel) => RISK_LEVELS.indexOf(r);

/** The keyword or action that makes a change high risk, or null. */
export function highRiskReason(c: Pick<RiskInput, 'summary' | 'details' | 'action'>): string | null {
  const word = KEYWORD.exec(`${c.summary}\n${c.details ?? ''}`)?.[1];
  if (word) return `mentions "${word.toLowerCase()}"`;
  const action = c.action.trim().toLowerCase();
  if ((HIGH_RISK_ACTIONS as readonly string[]).includes(action)) return `action is ${action}`;
  return null;
}

/**
 * The change's risk: high for a keyword or a delete / rollback action, else the tool's default from `toolDefaults`
 * (matched case-insensitively; medium when unset). A tool whose default is critical stays critical.
 */
export function assessRisk(c: RiskInput, toolDefaults: Readonly<Record<string, RiskLevel>> = {}): RiskLevel {
  const tool = Object.entries(toolDefaults).find(([name]) => name.trim().toLowerCase() === c.tool.trim().toLowerCase())?.[1] ?? DEFAULT_TOOL_RISK;
  if (highRiskReason(c) !== null) return rank(tool) > rank('high') ? tool : 'high';
  return tool;
}

export function needsRollbackPlan(risk: RiskLevel): boolean {
  return rank(risk) >= rank('high');
}

export type LoggedChangeVerdict =
  | { readonly ok: true; readonly risk: RiskLevel }
  | { readonly ok: false; readonly risk: RiskLevel; readonly code: 'rollback_plan_required'; readonly message: string };

/** A logged change is refused when it is high or critical risk and has no (non-blank) rollback plan. */
export function judgeLoggedChange(
  c: RiskInput & { readonly rollbackPlan?: string | null }, toolDefaults: Readonly<Record<string, RiskLevel>> = {},
): LoggedChangeVerdict {
  const risk = assessRisk(c, toolDefaults);
  if (needsRollbackPlan(risk) && !(c.rollbackPlan ?? '').trim()) {
    const why = highRiskReason(c) ?? `the default risk of tool "${c.tool}" is ${risk}`;
    return { ok: false, risk, code: 'rollback_plan_required', message: `a ${risk}-risk change (${why}) needs a rollback plan` };
  }
  return { ok: true, risk };
}
