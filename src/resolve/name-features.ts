import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { givenNameKey } from './nicknames.js';

export interface NameFeatures {
  /** Lower-case, accents, punctuation, credentials and suffixes removed, given name first, single spaces. */
  readonly norm: string;
  readonly tokens: readonly string[];
  /** The given name as written first (after "Last, First" is turned round). */
  readonly first: string;
  /** Other given names the person goes by: a quoted or bracketed preferred name (Robert "Bob" Smith). */
  readonly alternates: readonly string[];
  /** Every token after the given name (middle names, initials, particles and surnames); empty for a one-word name. */
  readonly rest: readonly string[];
  /**
   * What a family name is compared on: the surname tokens without particles or initials, plus joined forms of
   * particles and hyphenated or compound parts (van der berg → berg, vanderberg), so every way of writing it meets.
   */
  readonly family: readonly string[];
  /** A middle initial, when the name has exactly one (John Q. Public → q). */
  readonly middleInitial: string;
  /** Generational suffix (jr, sr, ii, iii, iv): a father and a son are two people. */
  readonly generation: string;
  /** Tokens sorted: "smith john" and "john smith" compare equal. */
  readonly sorted: string;
  /** Primary double-metaphone code of the last token. */
  readonly lastPhonetic: string;
  readonly givenKey: string;
  /** Primary double-metaphone code of each family token (same order as `family`). */
  readonly restPhonetic: readonly string[];
}

// Names repeat a lot (a few thousand surnames cover most people): memoise the phonetic code, bounded.
const PHONETIC = new Map<string, string>();
export function phoneticCode(token: string): string {
  let v = PHONETIC.get(token);
  if (v === undefined) {
    if (PHONETIC.size > 200_000) PHONETIC.clear();
    v = doubleMetaphone(token)[0];
    PHONETIC.set(token, v);
  }
  return v;
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'rev', 'hon', 'sir', 'madam']);
const GENERATIONS = new Map([['jr', 'jr'], ['junior', 'jr'], ['sr', 'sr'], ['senior', 'sr'], ['ii', 'ii'], ['iii', 'iii'], ['iv', 'iv'], ['2nd', 'ii'], ['3rd', 'iii']]);
/**
 * Professional designations written after a name (real-estate and general): never part of who someone is. Only
 * stripped at the end of a name or as a comma-separated part, so a surname that happens to be one stays.
 */
const CREDENTIALS = new Set([
  'realtor', 'realtors', 'crs', 'gri', 'abr', 'sres', 'srs', 'epro', 'e-pro', 'crb', 'mrp', 'pa', 'c2ex', 'cips', 'cdpe',
  'rene', 'psa', 'ahwd', 'alc', 'ccim', 'cne', 'clhms', 'mba', 'cpa', 'esq', 'phd', 'md', 'jd', 'llc', 'pllc', 'broker',
  'salesperson', 'reo', 'sfr', 'rsps', 'pmn', 'gaa', 'bpor', 'asp', 'associate', 'assoc', 'licensed', 'sres®',
]);
/** Lower-case particles that belong to the surname after them (de la Cruz, van der Berg, St. John, bin Said). */
const PARTICLES = new Set(['de', 'del', 'della', 'der', 'den', 'la', 'las', 'los', 'le', 'les', 'van', 'von', 'vande', 'vander',
  'da', 'das', 'do', 'dos', 'du', 'di', 'ter', 'ten', 'st', 'ste', 'bin', 'ibn', 'al', 'el', 'y', 'e', 'mac', 'mc', 'o']);

/** Particles that are written joined to the surname (delrio, dossantos, vanderberg); not O' or Mc, which are the name. */
const JOINED_PREFIX = /^(vander|vande|van|von|della|delle|del|de|dos|das|da|du|di|ter|ten|st|le|la)(?=[a-z]{3})/;

const isGeneration = (t: string) => GENERATIONS.has(t);
const isDesignation = (t: string) => CREDENTIALS.has(t) || isGeneration(t);

/** Lower-case, accents off, symbols (®, ™, quotes) off; apostrophes and periods inside names joined (O'Brien → obrien). */
function clean(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[®™©]/g, ' ')
    .replace(/\bsaint\b/g, 'st')
    .replace(/(\p{L})['’`](\p{L})/gu, '$1$2')
    .replace(/(\p{L})\.(?=\p{L})/gu, '$1. ');
}

function words(segment: string): string[] {
  return segment
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .split(/\s+/)
    .map((t) => t.replace(/^-+|-+$/g, ''))
    .filter((t) => t && !HONORIFICS.has(t));
}

export interface ParsedName {
  readonly given: string[];
  readonly surname: string[];
  readonly alternates: string[];
  readonly generation: string;
}

/**
 * Splits a name as people write it: "Last, First Middle", "First Middle Last, Jr., CRS", 'Robert "Bob" Smith',
 * "SMITH - REALTOR®". Credentials and generational suffixes come off (the suffix is kept aside), a preferred name in
 * quotes or brackets becomes an alternate given name.
 */
export function parseName(raw: string): ParsedName {
  let s = clean(raw);
  const alternates: string[] = [];
  s = s.replace(/["“”]([^"“”]+)["“”]|\(([^)]+)\)/g, (_, q: string | undefined, b: string | undefined) => {
    alternates.push(...words(q ?? b ?? ''));
    return ' ';
  });
  // " - CRS", " | Broker": a separator before a designation is a comma.
  s = s.replace(/\s[-–—|/]\s/g, ', ');
  let generation = '';
  const segments: string[][] = [];
  for (const seg of s.split(',')) {
    const w = words(seg);
    // Designations at the end of a segment come off; a segment made only of designations goes altogether.
    while (w.length > 0 && isDesignation(w[w.length - 1]!) && (w.length > 1 || segments.length > 0)) {
      const t = w.pop()!;
      if (isGeneration(t)) generation = GENERATIONS.get(t)!;
    }
    if (w.length > 0) segments.push(w);
  }
  // "Smith, John A." → John A. Smith; any further segments were designations that survived (kept as surname).
  const tokens = segments.length >= 2 ? [...segments[1]!, ...segments[0]!, ...segments.slice(2).flat()] : segments[0] ?? [];
  while (tokens.length > 1 && isDesignation(tokens[tokens.length - 1]!)) {
    const t = tokens.pop()!;
    if (isGeneration(t)) generation = GENERATIONS.get(t)!;
  }
  const [first, ...rest] = tokens;
  return { given: first ? [first] : [], surname: rest, alternates: alternates.filter((a) => a !== first), generation };
}

/** Surname comparison forms: tokens without particles or initials, plus joined particle and multi-part forms. */
function familyForms(rest: readonly string[]): string[] {
  const out = new Set<string>();
  const parts = rest.flatMap((t) => t.split('-')).filter((t) => t.length > 1 || PARTICLES.has(t));
  // A particle with nothing after it is the surname itself (Hai Le, Thanh Do, Maria De).
  parts.forEach((t, i) => {
    if (t.length > 1 && (!PARTICLES.has(t) || i === parts.length - 1)) out.add(t);
    // A particle written joined to its surname (Delrio, Dossantos, Vanderberg) also meets the surname alone.
    const prefix = JOINED_PREFIX.exec(t);
    if (prefix && t.length - prefix[1]!.length >= 3) out.add(t.slice(prefix[1]!.length));
  });
  // Joined forms from every particle (or from every part) to the end: van der berg → vanderberg, derberg; smith-jones → smithjones.
  for (let i = 0; i < parts.length - 1; i++) {
    if (PARTICLES.has(parts[i]!) || i === 0 || rest.some((t) => t.includes('-'))) {
      const tail = parts.slice(i);
      // Particles alone ("de la") are not a family name: two families "de la Cruz" and "de la Rosa" must not meet.
      if (tail.every((t) => PARTICLES.has(t))) continue;
      const joined = tail.join('');
      if (joined.length > 2) out.add(joined);
    }
  }
  for (const t of rest) if (t.includes('-')) out.add(t.replace(/-/g, ''));
  return [...out];
}

/** The family-name comparison forms of some surname tokens, with their phonetic codes. */
export function familyFormsOf(rest: readonly string[]): { forms: string[]; phonetic: string[] } {
  const forms = familyForms(rest);
  return { forms, phonetic: forms.map(phoneticCode) };
}

export function nameFeatures(raw: string): NameFeatures {
  const parsed = parseName(raw);
  // Hyphenated given names (min-jun) are one name; written as two words or joined they are the same name.
  const first = (parsed.given[0] ?? '').replace(/-/g, '');
  const rest = parsed.surname;
  const tokens = first ? [first, ...rest.flatMap((t) => t.split('-'))] : [];
  const family = tokens.length > 1 ? familyForms(rest) : [];
  // One letter before the surname is a middle initial, unless it is a particle (O Brien).
  const initials = rest.slice(0, -1).filter((t) => t.length === 1 && !PARTICLES.has(t));
  const last = tokens.length > 1 ? tokens[tokens.length - 1]! : '';
  return {
    norm: tokens.join(' '),
    tokens,
    first,
    alternates: parsed.alternates,
    rest: tokens.slice(1),
    family,
    middleInitial: initials.length === 1 ? initials[0]! : '',
    generation: parsed.generation,
    sorted: [...tokens].sort().join(' '),
    lastPhonetic: last ? phoneticCode(last) : '',
    givenKey: first ? givenNameKey(first) : '',
    restPhonetic: family.map(phoneticCode),
  };
}
