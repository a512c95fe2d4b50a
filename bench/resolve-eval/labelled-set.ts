/**
 * What an evaluation generator hands the bench: the two CSVs' rows in the seed's format, and for every occurrence the
 * person it really is plus the corruptions applied to it. Record ids are the pipeline's: `company_info_raw:<key>#<i>`
 * (i = position in team_members) and `new_agents:<key>`.
 */
export interface LabelledSet {
  readonly generator: string;
  readonly seed: number;
  readonly companyRows: Record<string, string>[];
  readonly agentRows: Record<string, string>[];
  readonly truth: Map<string, string>;
  /** Corruption types present on each record (a record may carry several; clean records carry none). */
  readonly tags: Map<string, string[]>;
}

export interface LabelledGenerator {
  readonly name: string;
  /** Roughly `members` occurrences (team members plus agent rows). */
  generate(members: number, seed: number): LabelledSet;
}
