import { describe, expect, it } from 'vitest';
import { buildDigest } from '../../src/destinations/webhook/webhook-digest.js';
import { matchesWhere } from '../../src/destinations/webhook/webhook-push.js';
import { renderTemplate } from '../../src/packs/render-template.js';

describe('change digest', () => {
  it('folds a window into net changes with their changed fields and a Markdown body', () => {
    const d = buildDigest([
      { stream: 'distributors', key: '1', kind: 'created', label: 'Acme', fields: null },
      { stream: 'distributors', key: '1', kind: 'updated', label: 'Acme', fields: { phone: { old: null, new: '+1' } } },
      { stream: 'distributors', key: '2', kind: 'removed', label: 'Beta', fields: null },
      { stream: 'distributors', key: '3', kind: 'updated', label: 'Gamma', fields: { city: { old: 'Paris', new: 'Lyon' } } },
      { stream: 'distributors', key: '3', kind: 'updated', label: 'Gamma', fields: { city: { old: 'Lyon', new: 'Nice' } } },
      { stream: 'distributors', key: '4', kind: 'removed', label: 'Delta', fields: null },
      { stream: 'distributors', key: '4', kind: 'restored', label: 'Delta', fields: null },
      { stream: 'distributors', key: '5', kind: 'annotated', label: 'Eps', fields: { Notes: { old: null, new: 'x' } } },
    ], 'UniFi distributors');
    expect(d?.counts).toEqual({ created: 1, removed: 1, restored: 1, updated: 1 });
    expect(d?.updated[0]).toEqual({ stream: 'distributors', key: '3', label: 'Gamma', fields: { city: { old: 'Paris', new: 'Nice' } } });
    expect(d?.markdown).toContain('## UniFi distributors');
    expect(d?.markdown).toContain('**1 new · 1 removed · 1 restored · 1 changed**');
    expect(d?.markdown).toContain('- **Gamma** (`3`) — city: Paris → Nice');
  });

  it('is null when nothing changed upstream', () => {
    expect(buildDigest([{ stream: 's', key: '1', kind: 'annotated', label: 'x', fields: null }], 't')).toBeNull();
    expect(buildDigest([
      { stream: 's', key: '1', kind: 'created', label: 'x', fields: null },
      { stream: 's', key: '1', kind: 'removed', label: 'x', fields: null },
    ], 't')).toBeNull();
  });
});

describe('webhook where filter on fields and record metadata', () => {
  it('matches values, lists and metadata', () => {
    expect(matchesWhere({ _status: 'active' }, { _status: 'active' })).toBe(true);
    expect(matchesWhere({ _status: 'active' }, { _status: 'removed' })).toBe(false);
    expect(matchesWhere({ region: ['eur', 'usa'] }, { region: 'usa' })).toBe(true);
    expect(matchesWhere({ regions: 'eur' }, { regions: ['as', 'eur'] })).toBe(true);
    expect(matchesWhere({ sunmax: true }, { sunmax: false })).toBe(false);
  });
});

describe('pack templates', () => {
  it('keeps the type of a whole placeholder, interpolates inside text and lists what is missing', () => {
    const values: Record<string, string | number> = { 'ui.min_interval_ms': 0, 'ui.base_url': 'http://x' };
    const r = renderTemplate({ a: '{{ui.min_interval_ms}}', b: '{{ui.base_url}}/path', c: '{{notion.token}}', d: ['{{pack}}'] }, (n) => (n === 'pack' ? 'p' : values[n]));
    expect(r.value).toEqual({ a: 0, b: 'http://x/path', d: ['p'] });
    expect(r.missing).toEqual(['notion.token']);
  });
});
