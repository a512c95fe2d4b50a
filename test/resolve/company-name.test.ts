import { describe, expect, it } from 'vitest';
import { companyDomain, normaliseCompanyName } from '../../src/resolve/rules/company-name.js';
import { companyRules } from '../../src/resolve/rules/company.rules.js';
import { resolveRecords } from '../../src/resolve/resolve-records.js';
import type { ResolvableRecord } from '../../src/resolve/resolve-types.js';

const rec = (id: string, name: string, extra: Partial<ResolvableRecord> = {}): ResolvableRecord => ({
  id: `distributors:${id}`, source: 'distributors', sourceKey: id, memberIndex: null, scope: '', name, emails: [], phones: [],
  attributes: {}, observedAt: '2026-01-01T00:00:00.000Z', ...extra,
});

describe('company name normaliser', () => {
  it.each([
    ['ACME Networks GmbH', 'acme networks'],
    ['Acme Networks, G.m.b.H.', 'acme networks'],
    ['acme-networks', 'acme networks'],
    ['Société Générale S.A.', 'societe generale'],
    ['Rossi & Bianchi S.r.l.', 'rossi bianchi'],
    ['Rossi and Bianchi SRL', 'rossi bianchi'],
    ['Foo Co., Ltd.', 'foo'],
    ['Foo Pty Ltd', 'foo'],
    ['Netz Sp. z o.o.', 'netz'],
    ['Daiwa K.K.', 'daiwa'],
    ['Bar B.V.', 'bar'],
    ['Baz Inc.', 'baz'],
    ['Qux LLC', 'qux'],
    ['Tele AG', 'tele'],
    ['Réseaux SAS', 'reseaux'],
    ['Redes S.L.', 'redes'],
    ['PT Jaringan Nusantara', 'jaringan nusantara'],
    ['Smith GmbH & Co. KG', 'smith'],
    // Connectors in other languages, branch places, abbreviations written out.
    ['Rossi e Bianchi S.r.l.', 'rossi bianchi'],
    ['Müller und Söhne GmbH', 'muller sohne'],
    ['Nova Networks GmbH Deutschland', 'nova networks'],
    ['Nova Networks Ltd (United Kingdom)', 'nova networks'],
    ['Nova Networks S.A. - Madrid', 'nova networks'],
    ['NOVA NETWORKS OYJ SUOMI', 'nova networks'],
    ['Nova Sys Intl', 'nova systems international'],
    ['Orbis Dist. Middle East', 'orbis distribution'],
    ['Global', 'global'],
  ])('%s → %s', (name, want) => {
    expect(normaliseCompanyName(name)).toBe(want);
  });

  it('keeps a name that is only a legal form', () => {
    expect(normaliseCompanyName('Company')).toBe('company');
  });

  it('reads company domains, not webmail', () => {
    expect(companyDomain('https://www.shop.acme.co.uk/contact')).toBe('acme.co.uk');
    expect(companyDomain('mailto:Sales@Acme.de')).toBe('acme.de');
    expect(companyDomain('someone@gmail.com')).toBeNull();
    expect(companyDomain('acme.com')).toBe('acme.com');
    expect(companyDomain('')).toBeNull();
  });
});

describe('company resolution', () => {
  const cluster = (records: ResolvableRecord[]) => resolveRecords(records, [], companyRules);
  const together = (r: ReturnType<typeof cluster>, a: string, b: string) =>
    r.clusters.some((c) => c.members.includes(`distributors:${a}`) && c.members.includes(`distributors:${b}`));

  it('merges names that differ only by legal form, case or punctuation', () => {
    const r = cluster([rec('1', 'ACME Networks GmbH'), rec('2', 'Acme Networks'), rec('3', 'acme-networks g.m.b.h.'), rec('4', 'Rossi & Bianchi S.r.l.'), rec('5', 'ROSSI AND BIANCHI')]);
    expect(together(r, '1', '2')).toBe(true);
    expect(together(r, '1', '3')).toBe(true);
    expect(together(r, '4', '5')).toBe(true);
    expect(together(r, '1', '4')).toBe(false);
  });

  it('keeps different companies that share a word apart', () => {
    const r = cluster([rec('1', 'Alpha Networks GmbH'), rec('2', 'Beta Networks GmbH'), rec('3', 'Networks Plus Ltd'), rec('4', 'Alpha Solutions')]);
    expect(r.clusters).toHaveLength(4);
    expect(r.review).toEqual([]);
  });

  it('merges near-identical names (a typo) and uses a shared company domain as strong evidence', () => {
    const r = cluster([
      rec('1', 'Wavecom Distribution'), rec('2', 'Wavecomm Distribution'),
      rec('3', 'Nordic Links AB', { emails: ['sales@nordiclinks.se'] }), rec('4', 'NordicLinks Sverige', { attributes: { website: 'https://www.nordiclinks.se' } }),
    ]);
    expect(together(r, '1', '2')).toBe(true);
    expect(together(r, '3', '4')).toBe(true);
  });

  it('does not take a webmail domain as evidence; an unlike pair sharing a phone goes to review', () => {
    const r = cluster([
      rec('1', 'Orion Telecom', { emails: ['orion@gmail.com'] }), rec('2', 'Vega Systems', { emails: ['vega@gmail.com'] }),
      rec('3', 'Kappa Data', { phones: ['+4930123456'] }), rec('4', 'Lambda Net', { phones: ['+4930123456'] }),
    ]);
    expect(together(r, '1', '2')).toBe(false);
    expect(together(r, '3', '4')).toBe(false);
    expect(r.review.map((x) => [x.a, x.b])).toEqual([['distributors:3', 'distributors:4']]);
  });
  it('keeps apart one name on two unrelated company domains, and a brand a letter apart', () => {
    const r = cluster([
      rec('1', 'Kortel Systems B.V.', { attributes: { website: 'https://kortelsys1.com' } }),
      rec('2', 'Kortel Sys GmbH', { attributes: { website: 'https://kortelsys2.com' } }),
      rec('3', 'Kortel Systems UK', { attributes: { website: 'https://www.kortelsys1.co.uk' } }),
      rec('4', 'Netcom Distribution'),
      rec('5', 'Netcon Distribution'),
      rec('6', 'Netcmo Distribution'),
    ]);
    expect(together(r, '1', '2')).toBe(false);
    // The same domain name under a country domain is one company's branch.
    expect(together(r, '1', '3')).toBe(true);
    // A changed letter is asked about; two swapped letters are a slip and merged.
    expect(together(r, '4', '5')).toBe(false);
    expect(r.review.some((i) => i.a === 'distributors:4' && i.b === 'distributors:5')).toBe(true);
    expect(together(r, '4', '6')).toBe(true);
  });
});
