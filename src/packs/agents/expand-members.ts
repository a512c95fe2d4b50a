import { splitEmails } from '../../core/normalise-email.js';
import { splitPhones } from '../../core/normalise-phone.js';
import type { ResolvableRecord } from '../../resolve/resolve-types.js';

export const COMPANY_STREAM = 'company_info_raw';
export const AGENTS_STREAM = 'new_agents';

/** One stored source record: its stream key, data and when the store last saw it change. */
export interface SourceRow {
  readonly key: string;
  readonly data: Record<string, unknown>;
  readonly observedAt: string;
}

export interface MemberIssue {
  readonly source: string;
  readonly sourceKey: string;
  readonly memberIndex: number | null;
  readonly problem: string;
}

export interface ExpandResult {
  readonly records: ResolvableRecord[];
  readonly issues: MemberIssue[];
}

const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v).trim());

function parseMembers(raw: unknown): unknown[] | string {
  if (Array.isArray(raw)) return raw as unknown[];
  const s = str(raw);
  if (s === '') return [];
  try {
    const v: unknown = JSON.parse(s);
    return Array.isArray(v) ? v : 'team_members is not a JSON array';
  } catch (err) {
    return `team_members is not valid JSON: ${(err as Error).message}`;
  }
}

function pickScalars(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = str(o[k]);
    if (v) out[k] = v;
  }
  return out;
}

/**
 * The `unified_company_member` model: one record per element of a company row's `team_members` JSON array. Emails
 * split on `, ; /`, trimmed, lower-cased, de-duplicated and validated; phones split on `/ , ;` into E.164 with the
 * extension kept. Invalid values are reported, never silently dropped.
 */
export function expandCompanyRow(row: SourceRow, region: string): ExpandResult {
  const records: ResolvableRecord[] = [];
  const issues: MemberIssue[] = [];
  const members = parseMembers(row.data.team_members);
  if (typeof members === 'string') return { records, issues: [{ source: COMPANY_STREAM, sourceKey: row.key, memberIndex: null, problem: members }] };
  const team = str(row.data.team_id);
  const company = pickScalars(row.data, ['company_name', 'website']);
  members.forEach((m, index) => {
    if (m === null || typeof m !== 'object' || Array.isArray(m)) {
      issues.push({ source: COMPANY_STREAM, sourceKey: row.key, memberIndex: index, problem: 'member is not an object' });
      return;
    }
    const o = m as Record<string, unknown>;
    const name = str(o.name ?? o.full_name ?? [o.first_name, o.last_name].filter(Boolean).join(' '));
    const emails = splitEmails(o.email ?? o.emails);
    const phones = splitPhones(o.phone ?? o.phones, region);
    for (const bad of emails.invalid) issues.push({ source: COMPANY_STREAM, sourceKey: row.key, memberIndex: index, problem: `invalid email ${bad}` });
    for (const bad of phones.invalid) issues.push({ source: COMPANY_STREAM, sourceKey: row.key, memberIndex: index, problem: `invalid phone ${bad}` });
    if (!name && emails.emails.length === 0 && phones.phones.length === 0) {
      issues.push({ source: COMPANY_STREAM, sourceKey: row.key, memberIndex: index, problem: 'member has no name, email or phone' });
      return;
    }
    records.push({
      id: `${COMPANY_STREAM}:${row.key}#${index}`,
      source: COMPANY_STREAM,
      sourceKey: row.key,
      memberIndex: index,
      scope: team,
      name,
      emails: emails.emails,
      phones: phones.phones,
      attributes: { ...company, ...pickScalars(o, ['title']) },
      observedAt: row.observedAt,
    });
  });
  return { records, issues };
}

/** A `new_agents` row as one record: agents with no matching member still become masters. */
export function agentRecord(row: SourceRow, region: string): ExpandResult {
  const d = row.data;
  const name = str(d.full_name) || [str(d.first_name), str(d.last_name)].filter(Boolean).join(' ');
  const emails = splitEmails(d.email ?? d.emails);
  const phones = splitPhones(d.phone ?? d.phones, region);
  const issues: MemberIssue[] = [
    ...emails.invalid.map((bad) => ({ source: AGENTS_STREAM, sourceKey: row.key, memberIndex: null, problem: `invalid email ${bad}` })),
    ...phones.invalid.map((bad) => ({ source: AGENTS_STREAM, sourceKey: row.key, memberIndex: null, problem: `invalid phone ${bad}` })),
  ];
  return {
    records: [
      {
        id: `${AGENTS_STREAM}:${row.key}`,
        source: AGENTS_STREAM,
        sourceKey: row.key,
        memberIndex: null,
        scope: str(d.team_id),
        name,
        emails: emails.emails,
        phones: phones.phones,
        attributes: pickScalars(d, ['brokerage', 'license_number', 'facebook_url', 'instagram_url', 'linkedin_url', 'website']),
        observedAt: row.observedAt,
      },
    ],
    issues,
  };
}
