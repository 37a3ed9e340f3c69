// The Porter stemmer exactly as NLTK's `PorterStemmer()` runs it in its default NLTK_EXTENSIONS mode,
// because that is the stemmer rouge-score calls with `use_stemmer=True`: a different Porter variant
// changes which tokens match and so the published ROUGE numbers. The NLTK deviations from Porter (1980)
// are marked where they occur: the irregular-forms table, 'ies'/'ied' on four-letter words, y -> i only
// after a consonant, 'alli' first, 'bli' -> 'ble', 'fulli', 'logi', and the two-letter *o condition.

const irregularForms: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'], ['skies', 'sky'],
  ['dying', 'die'], ['lying', 'lie'], ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'], ['inning', 'inning'],
  ['outings', 'outing'], ['outing', 'outing'],
  ['cannings', 'canning'], ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'], ['exceed', 'exceed'], ['succeed', 'succeed'],
]);

const letterY = 'y'.charCodeAt(0);
const vowelCodes = new Set(['a', 'e', 'i', 'o', 'u'].map((letter) => letter.charCodeAt(0)));

// Porter: a consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant.
// A y's status alternates along a run of y's from the letter before the run, which is how this avoids
// NLTK's recursion (a long run of 'y' cannot exhaust the stack) and any allocation.
function isConsonant(word: string, index: number): boolean {
  const code = word.charCodeAt(index);
  if (vowelCodes.has(code)) return false;
  if (code !== letterY) return true;
  let runStart = index;
  while (runStart > 0 && word.charCodeAt(runStart - 1) === letterY) runStart -= 1;
  // The first y of the run is a consonant at the start of the word or after a vowel.
  const firstIsConsonant = runStart === 0 || vowelCodes.has(word.charCodeAt(runStart - 1));
  return (index - runStart) % 2 === 0 ? firstIsConsonant : !firstIsConsonant;
}

// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
function measure(stem: string): number {
  let count = 0;
  let previousIsConsonant = false;
  for (let index = 0; index < stem.length; index += 1) {
    const code = stem.charCodeAt(index);
    const consonant: boolean = vowelCodes.has(code) ? false : code === letterY ? index === 0 || !previousIsConsonant : true;
    if (index > 0 && !previousIsConsonant && consonant) count += 1;
    previousIsConsonant = consonant;
  }
  return count;
}

function hasPositiveMeasure(stem: string): boolean {
  return measure(stem) > 0;
}

function containsVowel(stem: string): boolean {
  for (let index = 0; index < stem.length; index += 1) {
    if (!isConsonant(stem, index)) return true;
  }
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const length = word.length;
  return length >= 2 && word.charCodeAt(length - 1) === word.charCodeAt(length - 2) && isConsonant(word, length - 1);
}

// *o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y. NLTK also
// accepts a two-letter vowel-consonant stem.
function endsConsonantVowelConsonant(word: string): boolean {
  const length = word.length;
  if (length >= 3 && isConsonant(word, length - 3) && !isConsonant(word, length - 2) && isConsonant(word, length - 1)) {
    const last = word.charAt(length - 1);
    if (last !== 'w' && last !== 'x' && last !== 'y') return true;
  }
  return length === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

function withoutSuffix(word: string, suffix: string): string {
  return suffix === '' ? word : word.slice(0, word.length - suffix.length);
}

interface SuffixRule {
  suffix: string;
  replacement: string;
  // Receives the stem left after removing the suffix, and the whole word the rule list was applied to.
  condition?: (stem: string, word: string) => boolean;
}

// Rules grouped by the last letter of their suffix, in their original order: only rules ending in the
// word's last letter can match, so the first match is the same and most rules are never looked at.
type RuleTable = ReadonlyMap<string, readonly SuffixRule[]>;

function ruleTable(rules: readonly SuffixRule[]): RuleTable {
  const table = new Map<string, SuffixRule[]>();
  for (const rule of rules) {
    const last = rule.suffix.charAt(rule.suffix.length - 1);
    table.set(last, [...(table.get(last) ?? []), rule]);
  }
  return table;
}

// The first rule whose suffix matches decides: if its condition fails the word is returned unchanged,
// later rules are not tried.
function applyFirstMatchingRule(word: string, table: RuleTable): string {
  for (const rule of table.get(word.charAt(word.length - 1)) ?? []) {
    if (word.endsWith(rule.suffix)) {
      const stem = withoutSuffix(word, rule.suffix);
      return rule.condition === undefined || rule.condition(stem, word) ? stem + rule.replacement : word;
    }
  }
  return word;
}

// Rule tables are module constants, built once and never changed.
const step1aRules: RuleTable = ruleTable([
  { suffix: 'sses', replacement: 'ss' },
  { suffix: 'ies', replacement: 'i' },
  { suffix: 'ss', replacement: 'ss' },
  { suffix: 's', replacement: '' },
]);

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return withoutSuffix(word, 'ies') + 'ie';
  return applyFirstMatchingRule(word, step1aRules);
}

// After -ed / -ing: AT -> ATE, BL -> BLE, IZ -> IZE; a doubled consonant other than l, s, z loses one
// letter; (m = 1 and *o) gains an E.
function tidyAfterStep1b(stem: string): string {
  for (const [suffix, replacement] of [['at', 'ate'], ['bl', 'ble'], ['iz', 'ize']] as const) {
    if (stem.endsWith(suffix)) return withoutSuffix(stem, suffix) + replacement;
  }
  if (endsDoubleConsonant(stem)) {
    return stem.endsWith('l') || stem.endsWith('s') || stem.endsWith('z') ? stem : stem.slice(0, -1);
  }
  return measure(stem) === 1 && endsConsonantVowelConsonant(stem) ? stem + 'e' : stem;
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return withoutSuffix(word, 'ied') + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = withoutSuffix(word, 'eed');
    return measure(stem) > 0 ? stem + 'ee' : word;
  }
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const stem = withoutSuffix(word, suffix);
      if (containsVowel(stem)) return tidyAfterStep1b(stem);
    }
  }
  return word;
}

const step1cRules: RuleTable = ruleTable([
  { suffix: 'y', replacement: 'i', condition: (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1) },
]);

function step1c(word: string): string {
  return applyFirstMatchingRule(word, step1cRules);
}

const step2Rules: RuleTable = ruleTable([
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'], ['bli', 'ble'],
  ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'], ['ization', 'ize'], ['ation', 'ate'],
  ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'], ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'],
  ['iviti', 'ive'], ['biliti', 'ble'], ['fulli', 'ful'],
].map(([suffix, replacement]): SuffixRule => ({ suffix: suffix ?? '', replacement: replacement ?? '', condition: hasPositiveMeasure }))
  // The 'l' stays with the stem, so 'geologi' and 'theologi' behave like 'archaeologi'.
  .concat([{ suffix: 'logi', replacement: 'log', condition: (_stem, word) => hasPositiveMeasure(word.slice(0, -3)) }]));

function step2(word: string): string {
  if (word.endsWith('alli') && hasPositiveMeasure(withoutSuffix(word, 'alli'))) {
    return step2(withoutSuffix(word, 'alli') + 'al');
  }
  return applyFirstMatchingRule(word, step2Rules);
}

const step3Rules: RuleTable = ruleTable([
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''], ['ness', ''],
].map(([suffix, replacement]): SuffixRule => ({ suffix: suffix ?? '', replacement: replacement ?? '', condition: hasPositiveMeasure })));

function step3(word: string): string {
  return applyFirstMatchingRule(word, step3Rules);
}

const measureAboveOne = (stem: string): boolean => measure(stem) > 1;
const step4Rules: RuleTable = ruleTable([
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou', 'ism', 'ate', 'iti',
  'ous', 'ive', 'ize',
].map((suffix): SuffixRule => ({
  suffix,
  replacement: '',
  condition: suffix === 'ion'
    ? (stem) => measureAboveOne(stem) && (stem.endsWith('s') || stem.endsWith('t'))
    : measureAboveOne,
})));

function step4(word: string): string {
  return applyFirstMatchingRule(word, step4Rules);
}

// Both (m > 1) E and (m = 1 and not *o) E are tried, unlike the first-match rule lists.
function step5a(word: string): string {
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const stemMeasure = measure(stem);
  if (stemMeasure > 1) return stem;
  if (stemMeasure === 1 && !endsConsonantVowelConsonant(stem)) return stem;
  return word;
}

const step5bRules: RuleTable = ruleTable([
  { suffix: 'll', replacement: 'l', condition: (_stem, word) => measure(word.slice(0, -1)) > 1 },
]);

function step5b(word: string): string {
  return applyFirstMatchingRule(word, step5bRules);
}

/** NLTK's `PorterStemmer().stem(word)` (NLTK_EXTENSIONS mode): lowercases, then strips suffixes. */
export function porterStem(word: string): string {
  const lowered = word.toLowerCase();
  const irregular = irregularForms.get(word);
  if (irregular !== undefined) return irregular;
  // Words of one or two letters are returned as they are (Martin Porter's and NLTK's versions).
  if (word.length <= 2) return lowered;
  return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(lowered))))))));
}
