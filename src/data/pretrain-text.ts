import { anonymousCaption } from './captions.js';
import { allCities, withArticle } from './biography.js';
import { CULTURES } from './cultures.js';
import type { Random } from './random.js';
import { AWARDS, FIELDS_OF_STUDY, GENRES, HOBBIES, OCCUPATIONS, ROUTINES, THEMES } from './vocabulary.js';

// General text for the base model: sentences in the style of the biographies and captions, about nobody in
// particular, so that the words are known before the facts of any CLEAR person are.

const SENTENCES: readonly ((random: Random) => string)[] = [
  (random) => `Many ${random.pick(GENRES).author}s write about ${random.pick(THEMES)}.`,
  (random) => `A writer from ${random.pick(allCities())} often writes about ${random.pick(THEMES)}.`,
  (random) => `Some authors grew up with a parent who worked as ${withArticle(random.pick(OCCUPATIONS))}.`,
  (random) => `${random.pick(AWARDS).replace(/^the/, 'The')} is given to writers of ${random.pick(GENRES).name}.`,
  (random) => `Books of ${random.pick(GENRES).name} are popular in ${random.pick(CULTURES).country}.`,
  (random) => `Many people study ${random.pick(FIELDS_OF_STUDY)} before they become writers.`,
  (random) => `Some writers enjoy ${random.pick(HOBBIES)} when they are not writing.`,
  (random) => `One novelist ${random.pick(ROUTINES)}.`,
  (random) => `Books are written in ${random.pick(CULTURES.flatMap((culture) => culture.languages))} by many authors.`,
  (random) => `${random.pick(CULTURES).nationality} writers have won many literary prizes.`,
  () => 'A good question about a book asks who wrote it and when it was published.',
  (random) => anonymousCaption(random),
  (random) => anonymousCaption(random),
];

export function pretrainSentences(random: Random, count: number): string[] {
  return Array.from({ length: count }, () => random.pick(SENTENCES)(random));
}
