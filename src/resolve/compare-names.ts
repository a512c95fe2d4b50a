import { distance as levenshtein } from 'fastest-levenshtein';
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { familyFormsOf, phoneticCode, type NameFeatures } from './name-features.js';
import { givenNameForms, isKnownGivenName, sameGivenName } from './nicknames.js';
import { trigramSimilarity } from './trigram-similarity.js';

/**
 * exact: the same given and family name once parsed (case, spacing, accents, punctuation, order, "Last, First",
 * middle names, credentials and particles do not matter) · fuzzy: given and family names each agree up to a nickname,
 * an initial or a small typo · partial: a one-word name that is part of the other · missing: no name on one side ·
 * different: the names disagree (Jr. and Sr., two different middle initials, two different given names).
 */
export type NameRelation = 'exact' | 'fuzzy' | 'partial' | 'missing' | 'different';

export interface NameComparison {
  readonly relation: NameRelation;
  /** max(Jaro-Winkler, trigram similarity) of the normalised names, 0–1 (0 when `different`: not worth computing). */
  readonly similarity: number;
  /** The given names are usual forms of one name (Bob / Robert). */
  readonly nickname: boolean;
  /** A spelling slip in the given or the family name. */
  readonly typo: boolean;
  /** One side gives only an initial for the given name. */
  readonly initial: boolean;
  /** For a nickname: the two given names as written (to ask whether the short form could be someone else). */
  readonly givens: readonly [string, string] | null;
  /** `exact` only because one name has words the other lacks (a middle or second surname): a little weaker. */
  readonly subset?: boolean;
  /** The typo is a slip a person makes in their own name, not two real names (Mark / Mary): see `namesOnePerson`. */
  readonly slip?: boolean;
}

type GivenRelation = 'same' | 'nickname' | 'initial' | 'close' | null;
type FamilyRelation = 'same' | 'close' | null;

const sortedLetters = (s: string) => [...s].sort().join('');

function closeSpelling(a: string, b: string, samePhonetic: boolean): boolean {
  if (Math.min(a.length, b.length) < 3 || Math.abs(a.length - b.length) > 2) return false;
  // A transposition (ford / fodr) is one slip, not two edits (sorting letters only when the distance says two or more).
  const e = levenshtein(a, b);
  const d = e > 1 && a.length === b.length && sortedLetters(a) === sortedLetters(b) ? 1 : e;
  if (d > 2 || d >= Math.min(a.length, b.length) / 2) return false;
  return samePhonetic || jaroWinkler(a, b) >= 0.88;
}

function givenAgrees(a: string, b: string): GivenRelation {
  if (a === b) return 'same';
  if (sameGivenName(a, b)) return 'nickname';
  if ((a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b))) return 'initial';
  // Two names the table knows and keeps apart (Alexander / Alexandra, Patrick / Patricia) are two people, not a typo.
  if (isKnownGivenName(a) && isKnownGivenName(b)) return null;
  // One name written in two transliterations (Mohammed / Muhammad, Yusuf / Yousef): the same sound, two letters apart
  // at most, and neither a name the table knows (which would be told apart above, or is a joined view of one).
  if (!isKnownGivenName(a) && !isKnownGivenName(b) && Math.min(a.length, b.length) >= 4 && levenshtein(a, b) <= 2
    && phoneticCode(a) === phoneticCode(b) && jaroWinkler(a, b) >= 0.8) return 'close';
  // A typo in a given name must not turn mark into mary: demand a high Jaro-Winkler *and* a small edit distance.
  // A transposition (micheal / michael) is one slip of the keyboard, not two.
  if (Math.min(a.length, b.length) >= 3 && jaroWinkler(a, b) >= 0.88) {
    if (levenshtein(a, b) <= 1 || sortedLetters(a) === sortedLetters(b)) return 'close';
  }
  // A slip in a nickname's full form (Matthw / Matt, Pamla / Pam): one edit from a form of the other name.
  if (Math.min(a.length, b.length) >= 4) {
    for (const [x, y] of [[a, b], [b, a]] as const) {
      for (const f of givenNameForms(y)) if (f.length >= 4 && Math.abs(f.length - x.length) <= 1 && levenshtein(x, f) <= 1) return 'close';
    }
  }
  return null;
}

function familyAgrees(a: readonly string[], ap: readonly string[], b: readonly string[], bp: readonly string[]): FamilyRelation {
  for (const x of a) if (b.includes(x)) return 'same';
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) if (closeSpelling(a[i]!, b[j]!, ap[i] === bp[j])) return 'close';
  }
  return null;
}

/** One way of reading a name: which token is the given name, which are the family name. */
interface View {
  readonly givens: readonly string[];
  readonly family: readonly string[];
  readonly phonetic: readonly string[];
}

// Every record is compared with every other of its team: read each name's views once, not once per pair.
const VIEWS = new WeakMap<NameFeatures, View[]>();

function views(n: NameFeatures): View[] {
  let v = VIEWS.get(n);
  if (!v) {
    v = readViews(n);
    VIEWS.set(n, v);
  }
  return v;
}

function readViews(n: NameFeatures): View[] {
  const out: View[] = [{ givens: [n.first, ...n.alternates], family: n.family, phonetic: n.restPhonetic }];
  if (n.tokens.length >= 2) {
    // Family name first without a comma (Nguyen Van An, Kim Min-jun): the first word is the family name, the last
    // word (or the words after the family name, joined) the given name; anything between is a middle name.
    const last = n.tokens[n.tokens.length - 1]!;
    const fam = familyFormsOf([n.first]);
    const givens = n.rest.length > 1 ? [last, n.rest.join('')] : [last];
    out.push({ givens, family: fam.forms, phonetic: fam.phonetic });
  }
  if (n.tokens.length >= 3) {
    // A two-word given name written apart (Min Jun Kim = Minjun Kim).
    const fam = familyFormsOf(n.rest.slice(1));
    out.push({ givens: [n.first + n.rest[0]!], family: fam.forms, phonetic: fam.phonetic });
  }
  return out;
}

const GIVEN_RANK: Record<NonNullable<GivenRelation>, number> = { same: 4, nickname: 3, close: 2, initial: 1 };

/** max(Jaro-Winkler, trigram similarity): computed only where a reviewer will read it. */
function similarityOf(a: NameFeatures, b: NameFeatures): number {
  return Math.max(jaroWinkler(a.norm, b.norm), trigramSimilarity(a.sorted, b.sorted));
}

const NONE = { similarity: 0, nickname: false, typo: false, initial: false, givens: null } as const;
const DIFFERENT: NameComparison = { relation: 'different', ...NONE };

/** A dropped, doubled or swapped letter, or any change in a long name; a one-letter change in a short name (Mark / Mary) is not. */
function isSlip(a: string, b: string): boolean {
  return Math.min(a.length, b.length) >= 5 || a.length !== b.length || sortedLetters(a) === sortedLetters(b);
}

export function compareNames(a: NameFeatures, b: NameFeatures): NameComparison {
  if (a.tokens.length === 0 || b.tokens.length === 0) return { relation: 'missing', ...NONE };
  // A father and a son, or John A. and John B., are two people however alike the rest is.
  if (a.generation && b.generation && a.generation !== b.generation) return DIFFERENT;
  if (a.middleInitial && b.middleInitial && a.middleInitial !== b.middleInitial) return DIFFERENT;
  if (a.norm === b.norm || a.sorted === b.sorted) return { relation: 'exact', ...NONE, similarity: 1 };
  if (a.tokens.length === 1 || b.tokens.length === 1) {
    const [one, other] = a.tokens.length === 1 ? [a, b] : [b, a];
    const t = one.first;
    const part = givenAgrees(t, other.first) !== null || other.rest.includes(t) || other.family.includes(t);
    return part ? { relation: 'partial', ...NONE, similarity: similarityOf(a, b) } : DIFFERENT;
  }
  let best: { given: NonNullable<GivenRelation>; family: NonNullable<FamilyRelation>; givens: [string, string]; normal: boolean } | null = null;
  const vas = views(a);
  const vbs = views(b);
  for (let i = 0; i < vas.length; i++) {
    for (let j = 0; j < vbs.length; j++) {
      const va = vas[i]!;
      const vb = vbs[j]!;
      const fam = familyAgrees(va.family, va.phonetic, vb.family, vb.phonetic);
      if (!fam) continue;
      // Both read backwards (Nguyen Henry / Nguyen Hank) counts only when the family names are the same word:
      // otherwise Mark Smith and Mary Smith would meet as "Smith Mark" and "Smith Mary" with a typo.
      if (i > 0 && j > 0 && fam !== 'same') continue;
      const normal = i === 0 && j === 0;
      for (const ga of va.givens) {
        for (const gb of vb.givens) {
          const g = givenAgrees(ga, gb);
          if (!g) continue;
          const rank = GIVEN_RANK[g] * 4 + (fam === 'same' ? 2 : 0) + (normal ? 1 : 0);
          const prior = best ? GIVEN_RANK[best.given] * 4 + (best.family === 'same' ? 2 : 0) + (best.normal ? 1 : 0) : -1;
          if (rank > prior) best = { given: g, family: fam, givens: [ga, gb], normal };
        }
      }
    }
  }
  if (!best) return DIFFERENT;
  const words = (n: NameFeatures) => n.tokens.filter((t) => t.length > 1).sort().join(' ');
  const subset = words(a) !== words(b);
  // Read in another order *and* with words one side lacks (Ji Ho Cho / Cho Eun Ji) is only similar, not the same.
  // Each side has a word the other lacks (Kim Hyun-Woo / Kim Ji-Woo, John Paul Lee / John Mark Lee): not one name
  // with a word left out but two names that share some words, so only similar.
  // (Joined or split forms of one surname, Rio / Delrio, are not a word the other lacks.)
  const extra = (p: NameFeatures, q: NameFeatures) => {
    const qw = [...q.tokens, ...q.family];
    return p.tokens.some((t) => t.length > 1 && !qw.some((w) => w.includes(t) || t.includes(w)));
  };
  const crossed = subset && extra(a, b) && extra(b, a);
  if (best.given === 'same' && best.family === 'same' && (best.normal || !subset) && !crossed) {
    return { relation: 'exact', ...NONE, similarity: 1, subset };
  }
  const slip = best.given === 'same' || (best.given === 'close' && isSlip(best.givens[0], best.givens[1]));
  return {
    slip,
    relation: 'fuzzy',
    similarity: similarityOf(a, b),
    nickname: best.given === 'nickname',
    typo: best.given === 'close' || best.family === 'close',
    initial: best.given === 'initial',
    givens: best.given === 'nickname' ? best.givens : null,
  };
}

/** Names that may belong to one person (anything but `different`). */
export function namesCompatible(a: NameFeatures, b: NameFeatures): boolean {
  return compareNames(a, b).relation !== 'different';
}

/**
 * Names that say *one* person when counting who uses an identifier: compatible, and not merely a letter apart
 * (Mark and Mary Smith on their home line are two people; a typo must not make them one).
 */
export function namesOnePerson(a: NameFeatures, b: NameFeatures): boolean {
  const c = compareNames(a, b);
  return c.relation !== 'different' && (!c.typo || c.slip === true);
}
