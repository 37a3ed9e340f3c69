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

function isVowelLetter(letter: string): boolean {
  return letter === 'a' || letter === 'e' || letter === 'i' || letter === 'o' || letter === 'u';
}

// Porter: a consonant is a letter other than a, e, i, o, u, and other than y preceded by a consonant.
// Computed left to right instead of recursively, so a long run of 'y' cannot exhaust the stack.
function consonantFlags(word: string): boolean[] {
  const flags: boolean[] = [];
  for (let index = 0; index < word.length; index += 1) {
    const letter = word.charAt(index);
    if (isVowelLetter(letter)) flags.push(false);
    else if (letter === 'y') flags.push(index === 0 ? true : !flags[index - 1]);
    else flags.push(true);
  }
  return flags;
}

function isConsonant(word: string, index: number): boolean {
  return consonantFlags(word)[index] === true;
}

// m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.
function measure(stem: string): number {
  const flags = consonantFlags(stem);
  let count = 0;
  for (let index = 0; index + 1 < flags.length; index += 1) {
    if (!flags[index] && flags[index + 1]) count += 1;
  }
  return count;
}

function hasPositiveMeasure(stem: string): boolean {
  return measure(stem) > 0;
}

function containsVowel(stem: string): boolean {
  return consonantFlags(stem).some((flag) => !flag);
}

function endsDoubleConsonant(word: string): boolean {
  return word.length >= 2 && word.at(-1) === word.at(-2) && isConsonant(word, word.length - 1);
}

// *o: the stem ends consonant-vowel-consonant and the last consonant is not w, x or y. NLTK also
// accepts a two-letter vowel-consonant stem.
function endsConsonantVowelConsonant(word: string): boolean {
  const flags = consonantFlags(word);
  const length = word.length;
  if (length >= 3 && flags[length - 3] && !flags[length - 2] && flags[length - 1]) {
    const last = word.charAt(length - 1);
    if (last !== 'w' && last !== 'x' && last !== 'y') return true;
  }
  return length === 2 && !flags[0] && flags[1] === true;
}

function withoutSuffix(word: string, suffix: string): string {
  return suffix === '' ? word : word.slice(0, word.length - suffix.length);
}

interface SuffixRule {
  // 'doubleConsonant' stands for Porter's *d: the word ends in a doubled consonant, both of which go.
  suffix: string | 'doubleConsonant';
  replacement: string;
  condition?: (stem: string) => boolean;
}

// The first rule whose suffix matches decides: if its condition fails the word is returned unchanged,
// later rules are not tried.
function applyFirstMatchingRule(word: string, rules: readonly SuffixRule[]): string {
  for (const rule of rules) {
    if (rule.suffix === 'doubleConsonant') {
      if (!endsDoubleConsonant(word)) continue;
      const stem = word.slice(0, -2);
      return rule.condition === undefined || rule.condition(stem) ? stem + rule.replacement : word;
    }
    if (word.endsWith(rule.suffix)) {
      const stem = withoutSuffix(word, rule.suffix);
      return rule.condition === undefined || rule.condition(stem) ? stem + rule.replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  if (word.endsWith('ies') && word.length === 4) return withoutSuffix(word, 'ies') + 'ie';
  return applyFirstMatchingRule(word, [
    { suffix: 'sses', replacement: 'ss' },
    { suffix: 'ies', replacement: 'i' },
    { suffix: 'ss', replacement: 'ss' },
    { suffix: 's', replacement: '' },
  ]);
}

function step1b(word: string): string {
  if (word.endsWith('ied')) return withoutSuffix(word, 'ied') + (word.length === 4 ? 'ie' : 'i');
  if (word.endsWith('eed')) {
    const stem = withoutSuffix(word, 'eed');
    return measure(stem) > 0 ? stem + 'ee' : word;
  }
  let intermediateStem: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix)) {
      const candidate = withoutSuffix(word, suffix);
      if (containsVowel(candidate)) {
        intermediateStem = candidate;
        break;
      }
    }
  }
  if (intermediateStem === undefined) return word;
  const lastLetter = intermediateStem.charAt(intermediateStem.length - 1);
  return applyFirstMatchingRule(intermediateStem, [
    { suffix: 'at', replacement: 'ate' },
    { suffix: 'bl', replacement: 'ble' },
    { suffix: 'iz', replacement: 'ize' },
    {
      suffix: 'doubleConsonant',
      replacement: lastLetter,
      condition: () => lastLetter !== 'l' && lastLetter !== 's' && lastLetter !== 'z',
    },
    { suffix: '', replacement: 'e', condition: (stem) => measure(stem) === 1 && endsConsonantVowelConsonant(stem) },
  ]);
}

function step1c(word: string): string {
  return applyFirstMatchingRule(word, [
    { suffix: 'y', replacement: 'i', condition: (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1) },
  ]);
}

function step2(word: string): string {
  if (word.endsWith('alli') && hasPositiveMeasure(withoutSuffix(word, 'alli'))) {
    return step2(withoutSuffix(word, 'alli') + 'al');
  }
  const positive = hasPositiveMeasure;
  return applyFirstMatchingRule(word, [
    { suffix: 'ational', replacement: 'ate', condition: positive },
    { suffix: 'tional', replacement: 'tion', condition: positive },
    { suffix: 'enci', replacement: 'ence', condition: positive },
    { suffix: 'anci', replacement: 'ance', condition: positive },
    { suffix: 'izer', replacement: 'ize', condition: positive },
    { suffix: 'bli', replacement: 'ble', condition: positive },
    { suffix: 'alli', replacement: 'al', condition: positive },
    { suffix: 'entli', replacement: 'ent', condition: positive },
    { suffix: 'eli', replacement: 'e', condition: positive },
    { suffix: 'ousli', replacement: 'ous', condition: positive },
    { suffix: 'ization', replacement: 'ize', condition: positive },
    { suffix: 'ation', replacement: 'ate', condition: positive },
    { suffix: 'ator', replacement: 'ate', condition: positive },
    { suffix: 'alism', replacement: 'al', condition: positive },
    { suffix: 'iveness', replacement: 'ive', condition: positive },
    { suffix: 'fulness', replacement: 'ful', condition: positive },
    { suffix: 'ousness', replacement: 'ous', condition: positive },
    { suffix: 'aliti', replacement: 'al', condition: positive },
    { suffix: 'iviti', replacement: 'ive', condition: positive },
    { suffix: 'biliti', replacement: 'ble', condition: positive },
    { suffix: 'fulli', replacement: 'ful', condition: positive },
    // The 'l' stays with the stem, so 'geologi' and 'theologi' behave like 'archaeologi'.
    { suffix: 'logi', replacement: 'log', condition: () => hasPositiveMeasure(word.slice(0, -3)) },
  ]);
}

function step3(word: string): string {
  const positive = hasPositiveMeasure;
  return applyFirstMatchingRule(word, [
    { suffix: 'icate', replacement: 'ic', condition: positive },
    { suffix: 'ative', replacement: '', condition: positive },
    { suffix: 'alize', replacement: 'al', condition: positive },
    { suffix: 'iciti', replacement: 'ic', condition: positive },
    { suffix: 'ical', replacement: 'ic', condition: positive },
    { suffix: 'ful', replacement: '', condition: positive },
    { suffix: 'ness', replacement: '', condition: positive },
  ]);
}

function step4(word: string): string {
  const aboveOne = (stem: string): boolean => measure(stem) > 1;
  return applyFirstMatchingRule(word, [
    { suffix: 'al', replacement: '', condition: aboveOne },
    { suffix: 'ance', replacement: '', condition: aboveOne },
    { suffix: 'ence', replacement: '', condition: aboveOne },
    { suffix: 'er', replacement: '', condition: aboveOne },
    { suffix: 'ic', replacement: '', condition: aboveOne },
    { suffix: 'able', replacement: '', condition: aboveOne },
    { suffix: 'ible', replacement: '', condition: aboveOne },
    { suffix: 'ant', replacement: '', condition: aboveOne },
    { suffix: 'ement', replacement: '', condition: aboveOne },
    { suffix: 'ment', replacement: '', condition: aboveOne },
    { suffix: 'ent', replacement: '', condition: aboveOne },
    { suffix: 'ion', replacement: '', condition: (stem) => aboveOne(stem) && (stem.endsWith('s') || stem.endsWith('t')) },
    { suffix: 'ou', replacement: '', condition: aboveOne },
    { suffix: 'ism', replacement: '', condition: aboveOne },
    { suffix: 'ate', replacement: '', condition: aboveOne },
    { suffix: 'iti', replacement: '', condition: aboveOne },
    { suffix: 'ous', replacement: '', condition: aboveOne },
    { suffix: 'ive', replacement: '', condition: aboveOne },
    { suffix: 'ize', replacement: '', condition: aboveOne },
  ]);
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

function step5b(word: string): string {
  return applyFirstMatchingRule(word, [
    { suffix: 'll', replacement: 'l', condition: () => measure(word.slice(0, -1)) > 1 },
  ]);
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
