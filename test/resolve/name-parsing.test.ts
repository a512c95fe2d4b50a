import { describe, expect, it } from 'vitest';
import { splitEmails } from '../../src/core/normalise-email.js';
import { splitPhones } from '../../src/core/normalise-phone.js';
import { isPlaceholder } from '../../src/core/placeholder-value.js';
import { compareNames } from '../../src/resolve/compare-names.js';
import { nameFeatures } from '../../src/resolve/name-features.js';
import { sameGivenName } from '../../src/resolve/nicknames.js';

const rel = (a: string, b: string) => compareNames(nameFeatures(a), nameFeatures(b)).relation;

describe('name parsing', () => {
  it('turns "Last, First" round and drops credentials, suffixes and symbols, keeping the generation aside', () => {
    expect(nameFeatures('Smith, John A.')).toMatchObject({ first: 'john', middleInitial: 'a', family: ['smith'] });
    expect(nameFeatures('John Smith Jr., CRS')).toMatchObject({ first: 'john', family: ['smith'], generation: 'jr' });
    expect(nameFeatures('Linda Roberts REALTOR®').norm).toBe('linda roberts');
    expect(nameFeatures('SMITH - REALTOR®').norm).toBe('smith');
    expect(nameFeatures('Long, Emily, GRI').norm).toBe('emily long');
    expect(nameFeatures('Robert "Bob" Smith')).toMatchObject({ first: 'robert', alternates: ['bob'] });
  });

  it('joins particles, apostrophes and hyphenated parts so every spelling meets', () => {
    expect(nameFeatures('Maria Van Der Berg').family).toEqual(expect.arrayContaining(['berg', 'vanderberg']));
    expect(nameFeatures("Sean O'Brien").family).toEqual(['obrien']);
    expect(nameFeatures('Mary Saint John').family).toEqual(nameFeatures('Mary St. John').family);
    expect(nameFeatures('Ann Smith-Jones').family).toEqual(expect.arrayContaining(['smith', 'jones', 'smithjones']));
    expect(rel('Maria van der Berg', 'MARIA VANDERBERG')).toBe('exact');
    expect(rel('Juan de la Cruz', 'Juan Cruz')).toBe('exact');
    expect(rel('Olivia De La Rosa', 'Harold De La Rosa')).toBe('different');
  });

  it('compares accents, case, spacing, order, middle names and compound surnames as the same name', () => {
    expect(rel('José García López', 'jose  GARCIA')).toBe('exact');
    expect(rel('Hernández, María', 'Maria Hernandez')).toBe('exact');
    expect(rel('Barbara Sofía Ford', 'Barbara Ford')).toBe('exact');
    expect(rel('Nguyen An', 'An Nguyen')).toBe('exact');
    // Another order *and* a word one side lacks: similar (reviewed), never the same outright (Ji Ho Cho / Cho Eun Ji).
    expect(rel('Nguyen Van An', 'An Nguyen')).toBe('fuzzy');
    expect(rel('Ji Ho Cho', 'Cho Eun Ji')).toBe('fuzzy');
    expect(rel('Hai D. Le', 'Hai Le')).toBe('exact');
    expect(rel('Eugen Rio', 'Eugen Delrio')).toBe('exact');
    // Each has a word the other lacks: two names that share some words, not one name with a word left out.
    expect(rel('Kim Hyun-Woo', 'Kim Ji-Woo')).toBe('fuzzy');
    expect(rel('Lee Ah-Eun', 'Lee Eun Ji')).toBe('fuzzy');
    expect(rel('Jeffrey "jeff" O Brien', "Jeffrey B. O'Brien")).toBe('exact');
    expect(rel('Min-Jun Kim', 'Minjun Kim')).toBe('exact');
  });

  it('keeps apart what is two people: Jr. and Sr., different middle initials, different known names', () => {
    expect(rel('John Smith Jr.', 'John Smith Sr.')).toBe('different');
    expect(rel('John A. Smith', 'John B. Smith')).toBe('different');
    expect(rel('Alexander Brooks', 'Alexandra Brooks')).toBe('different');
    expect(rel('Mark Smith', 'Mary Smith')).toBe('different');
  });

  it('finds nicknames both ways, typos of one or two letters, and initials as fuzzy', () => {
    expect(compareNames(nameFeatures('Bob Smith'), nameFeatures('Robert Smith'))).toMatchObject({ relation: 'fuzzy', nickname: true });
    expect(compareNames(nameFeatures('Robert Smith'), nameFeatures('Bob Smith'))).toMatchObject({ relation: 'fuzzy', nickname: true });
    expect(compareNames(nameFeatures('Paco Ruiz'), nameFeatures('Francisco Ruiz'))).toMatchObject({ relation: 'fuzzy', nickname: true });
    expect(compareNames(nameFeatures('Micheal Brenan'), nameFeatures('Michael Brennan'))).toMatchObject({ relation: 'fuzzy', typo: true });
    expect(compareNames(nameFeatures('Matthw Ferguson'), nameFeatures('Matt Ferguson'))).toMatchObject({ relation: 'fuzzy', typo: true });
    expect(compareNames(nameFeatures('J. Smith'), nameFeatures('John Smith'))).toMatchObject({ relation: 'fuzzy', initial: true });
  });
});

describe('nickname equivalence', () => {
  it('is symmetric and shared through groups, and does not chain unrelated names', () => {
    for (const [a, b] of [['bill', 'william'], ['peggy', 'margaret'], ['lupe', 'guadalupe'], ['chuy', 'jesus'], ['sam', 'samantha'], ['sam', 'samuel']]) {
      expect(sameGivenName(a!, b!)).toBe(true);
      expect(sameGivenName(b!, a!)).toBe(true);
    }
    expect(sameGivenName('samuel', 'samantha')).toBe(false);
    expect(sameGivenName('christopher', 'christina')).toBe(false);
  });
});

describe('placeholders are empty, not values', () => {
  it('recognises the usual placeholders', () => {
    for (const v of ['N/A', 'n/a', 'none', '-', '--', 'TBD', 'null', '  ', 'unknown']) expect(isPlaceholder(v)).toBe(true);
    expect(isPlaceholder('Ann')).toBe(false);
  });

  it('empties placeholder emails and reduces gmail dots, +tags and googlemail', () => {
    expect(splitEmails('N/A')).toEqual({ emails: [], invalid: [] });
    expect(splitEmails('test@test.com; none@example.com')).toEqual({ emails: [], invalid: [] });
    expect(splitEmails('n/a, Bob@X.io')).toEqual({ emails: ['bob@x.io'], invalid: [] });
    expect(splitEmails('J.O.H.N+work@GoogleMail.com').emails).toEqual(['john@gmail.com']);
    expect(splitEmails('ann+mls@realty.com').emails).toEqual(['ann@realty.com']);
    expect(splitEmails('ann.lee@realty.com').emails).toEqual(['ann.lee@realty.com']);
  });

  it('empties placeholder phones and keeps extensions as part of the number', () => {
    for (const v of ['N/A', '000-000-0000', '(999) 999-9999', 'none', '0']) expect(splitPhones(v, 'US')).toEqual({ phones: [], invalid: [] });
    expect(splitPhones('(512) 555-0100 x23 / 512.555.0199', 'US').phones).toEqual(['+15125550100;ext=23', '+15125550199']);
    expect(splitPhones('206-555-0100,,12', 'US').phones).toEqual(['+12065550100;ext=12']);
  });
});
