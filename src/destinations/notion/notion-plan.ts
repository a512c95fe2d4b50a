import { contentHash } from '../../core/content-hash.js';
import type { PlanAction } from '../destination.js';
import type { PlanRow } from '../destination-record-store.js';
import { recordMetadata } from '../record-metadata.js';
import type { NotionMapping } from './notion-mapping.js';

export interface PlannedItem {
  readonly row: PlanRow;
  readonly action: PlanAction;
  /** A create was sent before but its result never stored: find the page by its external key first. */
  readonly lookup: boolean;
  /** The hash stored once delivered: record content + mapping, so a mapping change re-delivers. */
  readonly targetHash: string;
}

export function targetHashOf(recordHash: string, mappingSignature: string): string {
  return contentHash([recordHash, mappingSignature]);
}

/**
 * Decides what one record needs (pure). Same content and state as last delivered → unchanged (no call). A record that
 * failed with a 4xx is retried only when its content changed, so a bad record does not cost a call on every push.
 */
export function planRow(row: PlanRow, mapping: Pick<NotionMapping, 'signature' | 'usesMetadata' | 'onRemoved'>): PlannedItem {
  // Shown metadata (status, first/last seen, at day precision) is part of what a page holds.
  const content = mapping.usesMetadata ? contentHash([row.hash, recordMetadata(row, 'day')]) : row.hash;
  const targetHash = targetHashOf(content, mapping.signature);
  const item = (action: PlanAction, lookup = false): PlannedItem => ({ row, action, lookup, targetHash });
  const pending = row.state === 'pending_create';
  const failedSame = row.state === 'failed' && row.error?.hash === targetHash;
  if (row.status === 'removed' && mapping.onRemoved === 'mark') {
    // The page stays and shows the removal; a record removed before it was ever delivered gets no page.
    if (!row.external_id) return pending ? item('trash', true) : item('unchanged');
  } else if (row.status === 'removed') {
    if (row.external_id) return item(row.state === 'trashed' ? 'unchanged' : 'trash');
    return pending ? item('trash', true) : item('unchanged');
  }
  if (!row.external_id) return failedSame ? item('unchanged') : item('create', pending);
  if (row.state === 'trashed') return item('restore');
  if (failedSame) return item('unchanged');
  if (row.delivered_hash !== targetHash || row.incomplete || row.state === 'failed') return item('update');
  return item('unchanged');
}
