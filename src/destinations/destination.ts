import type { z } from 'zod';
import type { ConfigFieldInfo } from '../core/connector.js';

export type DestinationKind = 'notion' | 'webhook' | 'file';

/** What `sluice destination add --destination <kind>` validates against; secrets are encrypted at rest. */
export interface DestinationManifest<C> {
  readonly kind: DestinationKind;
  readonly name: string;
  readonly description: string;
  readonly configSchema: z.ZodType<C>;
  readonly secrets: readonly string[];
  readonly fields: readonly ConfigFieldInfo[];
}

export type PlanAction = 'create' | 'update' | 'restore' | 'trash' | 'unchanged';

export interface PushFailure {
  readonly key: string;
  readonly action: PlanAction | 'deliver';
  readonly code: string;
  readonly message: string;
  readonly status?: number;
}

/** The result of one push: what `sluice push` prints, the API returns and `destination_pushes.summary` stores. */
export interface PushSummary {
  readonly destination: string;
  readonly kind: DestinationKind;
  readonly dryRun: boolean;
  readonly status: 'succeeded' | 'partial' | 'failed' | 'planned';
  readonly plan: Record<PlanAction, number>;
  /** Dry run: the planned action per record key (first 1,000). */
  readonly items?: readonly { readonly key: string; readonly action: PlanAction }[];
  /** HTTP requests sent to the destination, retries included. */
  readonly calls: number;
  /** Records (Notion) or events (webhook) delivered. */
  readonly pushed: number;
  readonly failed: number;
  readonly failures: readonly PushFailure[];
  /** Values cut or split to the destination's limits (each one logged). */
  readonly cuts: number;
  /** Human edits pulled back (two-way destinations, when asked). */
  readonly pulled?: number;
  readonly durationMs: number;
  readonly pushId?: string;
}

export const emptyPlan = (): Record<PlanAction, number> => ({ create: 0, update: 0, restore: 0, trash: 0, unchanged: 0 });
